// Studio speed in headless Chromium (not part of `pnpm bench` or `pnpm test`):
// how long a strategist waits for an answer at 100k shoppers.
//   node --import tsx bench/studio-browser.ts [--rounds 3] [--shoppers 100000] [--scenario scenarios/2024.yaml]
// Figures, each the median over rounds (a fresh page per round):
//   page.first      page opened -> first answer of the base (2 seeds)
//   change.first    a lever moved (base seeds already done) -> first answer (2 paired seeds)
//   change.ten      a lever moved -> 10 paired seeds
//   link.first/ten  a shared link (what-if in the URL) opened -> 2 / 10 paired seeds, base and what-if both cold
// Beside them, one 100k-shopper run of the engine in this Node process (the
// same-run reference): a ratio says how many engine runs long the wait was.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { simulate } from '@shopsim/core';
import { loadScenarioFile } from '@shopsim/scenario';

const CHROMIUM = process.env.SHOPSIM_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GOALS: Record<string, number> = { 'change.first': 1500, 'change.ten': 5000 };
const LEVER = 'markets.europe.levers.afterSales.returnCycleDays';

function flag(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

// Records, in the page, the page's own elapsed time (from the change) at each answer.
const WATCH = `(() => {
  window.__answers = [];
  new MutationObserver(() => {
    const s = document.querySelector('.status');
    if (!s || s.dataset.pairs === undefined) return;
    const a = { generation: Number(s.dataset.generation), pairs: Number(s.dataset.pairs), ms: Number(s.dataset.elapsedMs), at: performance.now() };
    const prev = window.__answers[window.__answers.length - 1];
    if (!prev || prev.generation !== a.generation || prev.pairs !== a.pairs) window.__answers.push(a);
  }).observe(document, { subtree: true, attributes: true, childList: true });
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
})()`;

interface Seen { generation: number; pairs: number; ms: number; at: number }

async function answers(page: import('playwright-core').Page): Promise<Seen[]> {
  return (await page.evaluate('window.__answers')) as Seen[];
}

interface Timing { side: string; seed: number; generation: number; worker: number; sentAt: number; receivedAt: number; loadMs: number; runMs: number }

/**
 * Where the waits went (page clock): the workers' start (page opened to the
 * first reply, less that request's own load and run), loading a scenario
 * cold and with a what-if, one run in the page, what a change's first
 * answer cost beyond its slowest run (messages and drawing), and the page's
 * own long tasks (over 50 ms: drawing) from the change to its last seed,
 * which take a core from the workers.
 */
function profile(timings: Timing[], change: Seen[], longTasks: { start: number; duration: number }[]): Record<string, number> {
  const first = [...timings].sort((a, b) => a.receivedAt - b.receivedAt);
  const cold = first.filter((t, i) => first.findIndex((u) => u.worker === t.worker) === i);
  const changed = timings.filter((t) => t.generation === 2);
  const start = change[0]!.at - change[0]!.ms;
  const firstPair = changed.filter((t) => t.seed <= 2);
  const out: Record<string, number> = {
    'worker.start': Math.max(...cold.map((t) => t.receivedAt - t.loadMs - t.runMs)),
    'load.cold': median(cold.map((t) => t.loadMs)),
    'load.what-if': median(changed.filter((t, i) => changed.findIndex((u) => u.worker === t.worker) === i).map((t) => t.loadMs)),
    'run.in-page': median(timings.filter((t) => !cold.includes(t)).map((t) => t.runMs)),
    'change.first.overhead': change.find((a) => a.pairs >= 2)!.at - start - Math.max(...firstPair.map((t) => t.receivedAt - t.sentAt)),
    'change.main-thread': longTasks.filter((t) => t.start >= start).reduce((sum, t) => sum + t.duration, 0),
  };
  return out;
}

async function round(browser: Browser, file: string, shoppers: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  const page = await context.newPage();
  const url = `${pathToFileURL(file).href}?shoppers=${shoppers}&seeds=10`;
  await page.addInitScript(WATCH);
  await page.goto(url);
  await page.waitForFunction('document.querySelector(".status")?.dataset.done === "yes"', undefined, { timeout: 1_800_000 });
  const base = await answers(page);
  out['page.first'] = base.find((a) => a.pairs >= 2)!.at;

  await page.getByRole('button', { name: 'Europe', exact: true }).click();
  const input = page.getByLabel('Return cycle days (Europe)', { exact: true });
  await input.fill('30');
  await input.press('Enter');
  await page.waitForFunction('Number(document.querySelector(".status")?.dataset.generation) >= 2 && document.querySelector(".status")?.dataset.done === "yes"', undefined, { timeout: 1_800_000 });
  const change = (await answers(page)).filter((a) => a.generation === 2);
  out['change.first'] = change.find((a) => a.pairs >= 2)!.ms;
  out['change.ten'] = change.find((a) => a.pairs >= 10)!.ms;
  Object.assign(out, profile((await page.evaluate('studioTimings()')) as Timing[], change, (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[]));
  await context.close();

  const linked = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await linked.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  const page2 = await linked.newPage();
  await page2.addInitScript(WATCH);
  await page2.goto(`${url}#${LEVER}=30`);
  await page2.waitForFunction('document.querySelector(".status")?.dataset.done === "yes" && Number(document.querySelector(".status")?.dataset.pairs) >= 10', undefined, { timeout: 1_800_000 });
  const link = await answers(page2);
  out['link.first'] = link.find((a) => a.pairs >= 2)!.at;
  out['link.ten'] = link.find((a) => a.pairs >= 10)!.at;
  await linked.close();
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)\n`);
    return;
  }
  const rounds = Number(flag('rounds', '3'));
  const shoppers = Number(flag('shoppers', '100000'));
  const scenario = flag('scenario', 'scenarios/2024.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'shopsim-studio-bench-'));
  const built = spawnSync(process.execPath, [join(ROOT, 'packages/cli/bin/shopsim.js'), 'studio', scenario, '--build', dir, '--force'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`shopsim studio --build failed: ${built.stderr}`);

  const config = { ...loadScenarioFile(join(ROOT, scenario)).config, shoppers };
  simulate(config, { seed: 99 }); // warm-up
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const samples: Record<string, number[]> = {};
  const reference: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      simulate(config, { seed: r + 1 });
      reference.push(performance.now() - t);
      for (const [k, v] of Object.entries(await round(browser, join(dir, 'index.html'), shoppers))) (samples[k] ??= []).push(v);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const ref = median(reference);
  const workers = await (async () => {
    const b = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const p = await b.newPage();
    const n = (await p.evaluate('navigator.hardwareConcurrency')) as number;
    await b.close();
    return n;
  })();
  const lines = [
    `studio in headless Chromium: ${scenario}, ${shoppers.toLocaleString('en-US')} shoppers, ${workers} workers (navigator.hardwareConcurrency), ${rounds} rounds`,
    `reference: one run of the engine in Node, median ${ref.toFixed(0)} ms`,
    '',
    'figure         median ms  min ms  x reference  goal ms  ',
  ];
  for (const [k, xs] of Object.entries(samples)) {
    const m = median(xs);
    const goal = GOALS[k];
    const verdict = goal === undefined ? '' : m <= goal ? 'met' : 'missed';
    lines.push(`${k.padEnd(14)} ${m.toFixed(0).padStart(9)}  ${Math.min(...xs).toFixed(0).padStart(6)}  ${(m / ref).toFixed(1).padStart(11)}  ${goal === undefined ? '' : String(goal).padStart(7)}  ${verdict}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
