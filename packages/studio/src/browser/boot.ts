// Runs before the page's own code (Preact, Plot, the app): the workers start
// at once and parse their code while the page parses its own. The app takes
// them over (see app.tsx); their number is one per core unless ?workers=N.
import type { StudioBoot } from './protocol.ts';

const asked = Number(new URLSearchParams(location.search).get('workers'));
const count = Math.min(Number.isInteger(asked) && asked > 0 ? asked : navigator.hardwareConcurrency || 2, 32);
const text = (id: string) => document.getElementById(id)!.textContent!;
// mathjs travels in front of the worker's code as a string, which costs next to nothing to read;
// a worker runs it only for a formula (see shims/node-module.cjs). A blob address would not do:
// a page opened as a file may not load one into a worker with importScripts.
const url = URL.createObjectURL(new Blob([`self.studioMathjsSource = ${JSON.stringify(text('studio-mathjs'))};\n`, text('studio-worker')], { type: 'text/javascript' }));
const boot: StudioBoot = { url, count, workers: Array.from({ length: count }, () => new Worker(url)) };
(globalThis as unknown as { studioBoot: StudioBoot }).studioBoot = boot;
