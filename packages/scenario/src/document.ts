// The YAML document as plain data with its places: deep merge for `extends`,
// and path -> place look-ups.
import type { ScenarioError } from './errors.ts';
import type { Loc, SourceFile } from './source.ts';

// The one dotted-path grammar (core's): overrides, --set, experiments and calibrations share it.
export { getPath, setPath } from '@shopsim/core';

export type Data = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A document with the place of every key path, possibly merged from several files. */
export interface Located {
  value: Data;
  locs: Map<string, Loc>;
  /** Text of each file, for showing offending lines. */
  lines: Map<string, string[]>;
  /** The file an error with no better place is reported against. */
  file: string;
}

export function fromSource(s: SourceFile): Located {
  const value = isPlainObject(s.value) ? s.value : {};
  return { value, locs: new Map(s.locs), lines: new Map([[s.file, s.lines]]), file: s.file };
}

/**
 * Deep-merges `child` over `base`: maps merge key by key, anything else
 * (numbers, strings, lists, null) replaces. Places follow the values.
 */
export function mergeLocated(base: Located, child: Located): Located {
  const locs = new Map(base.locs);
  const value = mergeValue(base.value, child.value, '', locs) as Data;
  for (const [k, v] of child.locs) locs.set(k, v);
  return { value, locs, lines: new Map([...base.lines, ...child.lines]), file: child.file };
}

function mergeValue(base: unknown, child: unknown, path: string, locs: Map<string, Loc>): unknown {
  if (isPlainObject(base) && isPlainObject(child)) {
    const out: Data = { ...base };
    for (const [k, v] of Object.entries(child)) {
      const p = path === '' ? k : `${path}.${k}`;
      out[k] = k in base ? mergeValue(base[k], v, p, locs) : v;
    }
    return out;
  }
  // The child replaces this subtree: places of the base below it no longer apply.
  const prefix = path === '' ? '' : `${path}.`;
  for (const k of [...locs.keys()]) if (k.startsWith(prefix) && k !== path) locs.delete(k);
  return child;
}

/** Deep-merges plain data (no places): maps key by key, anything else replaces. */
export function mergeData(base: unknown, child: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(child)) return child === undefined ? base : child;
  const out: Data = { ...base };
  for (const [k, v] of Object.entries(child)) out[k] = k in base ? mergeData(base[k], v) : v;
  return out;
}

/** The place of a path, or of its nearest ancestor that has one. */
export function locate(doc: Located, path: string, atKey = false): ScenarioError {
  let p = path;
  for (;;) {
    const loc = doc.locs.get(p);
    if (loc) {
      const useKey = atKey && p === path;
      const line = useKey ? loc.keyLine : loc.line;
      const column = useKey ? loc.keyColumn : loc.column;
      if (line === 0) return { file: loc.file, line: 0, column: 0, path, message: '' };
      return { file: loc.file, line, column, path, message: '', sourceLine: doc.lines.get(loc.file)?.[line - 1] ?? '' };
    }
    if (p === '') return { file: doc.file, line: 0, column: 0, path, message: '' };
    const dot = p.lastIndexOf('.');
    p = dot < 0 ? '' : p.slice(0, dot);
  }
}

/** An error at a path of the document. */
export function errorAt(doc: Located, path: string, message: string, hint?: string, atKey = false): ScenarioError {
  const e = locate(doc, path, atKey);
  e.message = message;
  if (hint !== undefined) e.hint = hint;
  return e;
}
