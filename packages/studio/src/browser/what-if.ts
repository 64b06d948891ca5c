// A what-if is the set of document paths the strategist changed, with their
// new values. It travels in the URL fragment (to share it) and is saved as a
// scenario file that extends the base and states only the changes, so that
// `shopsim compare base.yaml saved.yaml` reproduces the studio's answer.
import { stringify } from 'yaml';
import { getPath, isPlainObject, mergeData } from '@shopsim/scenario/document';

/** Document path (e.g. "markets.europe.levers.afterSales.returnCycleDays") -> new value. */
export type WhatIf = Record<string, number>;

/** The what-if as a URL fragment: "#" and path=value pairs in path order, so a what-if has one URL. */
export function toFragment(whatIf: WhatIf): string {
  const entries = Object.entries(whatIf).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '';
  return `#${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}

/**
 * Reads a fragment back; pairs whose path is not a control of this base or
 * whose value is not a number are dropped and listed, never applied.
 */
export function fromFragment(hash: string, known: (path: string) => boolean): { whatIf: WhatIf; dropped: string[] } {
  const whatIf: WhatIf = {};
  const dropped: string[] = [];
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const path = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
    const raw = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
    if (path === undefined || !known(path) || !Number.isFinite(value)) {
      dropped.push(path ?? pair);
      continue;
    }
    whatIf[path] = value;
  }
  return { whatIf, dropped };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The what-if without the paths whose value equals the base's (moving a control back undoes the change). */
export function withoutNoOps(whatIf: WhatIf, base: Record<string, unknown>): WhatIf {
  return Object.fromEntries(Object.entries(whatIf).filter(([path, v]) => getPath(base, path) !== v));
}

/**
 * The changes as a document patch. Maps merge key by key under `extends`, but
 * a list replaces the base's whole, so a changed timeline event is written
 * with the rest of the base's timeline around it.
 */
export function toPatch(whatIf: WhatIf, base: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(whatIf)) {
    const segs = path.split('.');
    if (segs[0] === 'timeline') {
      patch.timeline ??= structuredClone(getPath(base, 'timeline'));
      setIn(patch.timeline, segs.slice(1), value);
    } else {
      setIn(patch, segs, value);
    }
  }
  return patch;
}

function setIn(target: unknown, segs: string[], value: number): void {
  let node = target as Record<string, unknown>;
  segs.forEach((seg, i) => {
    if (seg === '__proto__' || seg === 'constructor' || seg === 'prototype') throw new Error(`"${seg}" is not a key`);
    if (i === segs.length - 1) {
      node[seg] = value;
      return;
    }
    if (!isPlainObject(node[seg]) && !Array.isArray(node[seg])) node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  });
}

export interface SavedScenario {
  /** The base file's name, relative to where the saved file goes (beside it). */
  extendsPath: string;
  baseName: string;
  whatIf: WhatIf;
  base: Record<string, unknown>;
  /** Lines describing each change, for the description. */
  changes: string[];
  /** How the studio's answer is reproduced from the command line. */
  command: string;
}

/** The YAML of a what-if: extends the base and states only the changes. */
export function scenarioYaml(s: SavedScenario): string {
  const about = { name: `${s.baseName}, what-if`, description: `What changes against ${s.baseName} when ${s.changes.join('; ')}?` };
  // Without a base file (the built-in scenario) there is nothing to extend: the file is the whole
  // scenario (a file's markets are all its markets, so a patch of one market would not do).
  const doc = s.extendsPath === ''
    ? { ...(mergeData(s.base, toPatch(s.whatIf, s.base)) as Record<string, unknown>), ...about }
    : { extends: s.extendsPath, ...about, ...toPatch(s.whatIf, s.base) };
  const header = [
    '# yaml-language-server: $schema=./shopsim.schema.json',
    '#',
    s.extendsPath === '' ? "# Saved by shopsim studio from the built-in scenario; the studio's answer is reproduced by" : `# Saved by shopsim studio. Save it beside ${s.extendsPath}; the studio's answer is reproduced by`,
    `#   ${s.command}`,
    '',
  ].join('\n');
  return `${header}${stringify(doc, { lineWidth: 0 })}`;
}
