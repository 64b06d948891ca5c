// Safe reading of one YAML file: a size cap, no custom tags, bounded alias
// expansion and nesting, and a map from every key path to its place in the file.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { UNSAFE_KEYS } from '@shopsim/core';
import type { ScenarioError } from './errors.ts';

/** Largest scenario file read, bytes. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Most alias expansions in one file (a "billion laughs" needs millions). */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of maps and lists. */
export const MAX_DEPTH = 64;
/** Most keys (of all maps) in one file: a scenario has a few hundred; checks cost per key. */
export const MAX_KEYS = 20_000;

/** Where a key path's key and value stand in a file. */
export interface Loc {
  file: string;
  line: number;
  column: number;
  /** Position of the key (for unknown keys); the value's when there is no key. */
  keyLine: number;
  keyColumn: number;
}

export interface SourceFile {
  file: string;
  text: string;
  lines: string[];
  /** The document as plain data. */
  value: unknown;
  /** Dotted key path -> place; "" is the whole document. */
  locs: Map<string, Loc>;
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; errors: ScenarioError[] };

const SIZE_HINT = 'split it, or use extends and an experiment instead of writing out every case';

export function readSourceFile(file: string): ReadResult {
  let text: string;
  try {
    const stat = statSync(file);
    // A device or a pipe (extends: /dev/zero) reports no size and never ends: refuse it before reading.
    if (!stat.isFile() && !stat.isDirectory()) return fail(file, 'is not a regular file', 'name a scenario .yaml file');
    if (stat.size > MAX_FILE_BYTES) {
      return fail(file, `file is ${stat.size.toLocaleString('en-US')} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit of a scenario file`, SIZE_HINT);
    }
    const read = readAtMost(file, MAX_FILE_BYTES);
    if (read === undefined) return fail(file, `file is over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit of a scenario file`, SIZE_HINT);
    const encoding = encodingProblem(read);
    if (encoding) return fail(file, encoding, 'save it as UTF-8 text');
    text = read.toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'file not found'
      : code === 'EISDIR' ? 'is a folder, not a file'
      : code === 'ELOOP' ? 'is a loop of symbolic links'
      : code === 'EACCES' || code === 'EPERM' ? 'cannot be read: permission denied'
      : `cannot be read (${code ?? (e as Error).message})`;
    return fail(file, message);
  }
  return parseSource(file, text);
}

/** UTF-16 and binary files would parse as garbage (or as one long string): say what they are. */
function encodingProblem(bytes: Buffer): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'is UTF-16 text, not UTF-8';
  const nul = bytes.indexOf(0);
  if (nul < 0) return undefined;
  // Every other byte zero: UTF-16 without its byte-order mark.
  let zeros = 0;
  const n = Math.min(bytes.length, 200);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros++;
  return zeros * 3 >= n ? 'is UTF-16 text, not UTF-8' : `is not a text file (a NUL byte at byte ${nul})`;
}

/** The file's bytes, or undefined when it holds more than `limit` bytes (it may have grown since stat). */
function readAtMost(file: string, limit: number): Buffer | undefined {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
      if (n === 0 || length === buffer.length) break;
    }
    return length > limit ? undefined : buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function fail(file: string, message: string, hint?: string): ReadResult {
  const e: ScenarioError = { file, line: 0, column: 0, path: '', message };
  if (hint !== undefined) e.hint = hint;
  return { ok: false, errors: [e] };
}

/** Parses YAML text; syntax errors, tags, aliases and nesting beyond the caps are errors. */
export function parseSource(file: string, text: string): ReadResult {
  const lines = text.split(/\r?\n/);
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    return fail(file, `text is over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit of a scenario file`);
  }
  if (!text.includes('\n') && /\r[^\r]/.test(text)) {
    return fail(file, 'has CR-only line endings (classic Mac OS): YAML reads it as one line', 'save it with LF (Unix) or CRLF (Windows) line endings');
  }
  const lineCounter = new LineCounter();
  const errors: ScenarioError[] = [];
  const at = (offset: number, path: string, message: string, hint?: string) => {
    const { line, col } = lineCounter.linePos(offset);
    const e: ScenarioError = { file, line, column: col, path, message, sourceLine: lines[line - 1] ?? '' };
    if (hint !== undefined) e.hint = hint;
    errors.push(e);
  };
  const doc = parseDocument(text, {
    lineCounter,
    schema: 'core',
    customTags: [],
    merge: false,
    // The yaml package finds duplicate keys by comparing each key with every
    // earlier one (quadratic: minutes for a large file); the walk below does it with a set.
    uniqueKeys: false,
    strict: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  for (const e of doc.errors) at(e.pos[0], '', yamlMessage(e.code, e.message), yamlHint(e.code));
  for (const w of doc.warnings) at(w.pos[0], '', yamlMessage(w.code, w.message), yamlHint(w.code));
  if (errors.length > 0) return { ok: false, errors };

  const locs = new Map<string, Loc>();
  const loc = (keyOffset: number, valueOffset: number): Loc => {
    const k = lineCounter.linePos(keyOffset);
    const v = lineCounter.linePos(valueOffset);
    return { file, line: v.line, column: v.col, keyLine: k.line, keyColumn: k.col };
  };
  // Walk the tree without recursion, so no file can exhaust the stack.
  const stack: { node: Node | null; path: string; depth: number; keyOffset: number }[] = [];
  const root = doc.contents as Node | null;
  const rootOffset = root?.range?.[0] ?? 0;
  locs.set('', loc(rootOffset, rootOffset));
  stack.push({ node: root, path: '', depth: 0, keyOffset: rootOffset });
  let keys = 0;
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (node === null) continue;
    if (depth > MAX_DEPTH) {
      at(node.range?.[0] ?? 0, path, `nesting is deeper than ${MAX_DEPTH} levels`);
      return { ok: false, errors };
    }
    if (!isAlias(node) && node.tag !== undefined) {
      at(node.range?.[0] ?? 0, path, `tag "${node.tag}" is not allowed`, 'scenario files use plain YAML: remove the tag');
      continue;
    }
    const children: { key: string; keyNode: Node | null; value: Node | null }[] = [];
    if (isMap(node)) {
      keys += node.items.length;
      if (keys > MAX_KEYS) {
        at(node.range?.[0] ?? 0, path, `the file has more than ${MAX_KEYS.toLocaleString('en-US')} keys`, 'a scenario needs a few hundred: use extends and an experiment instead of writing out every case');
        return { ok: false, errors };
      }
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (keyNode !== null && !isScalar(keyNode)) {
          at(keyNode.range?.[0] ?? 0, path, 'a key must be a plain name, not a map or a list');
          continue;
        }
        if (isScalar(keyNode) && keyNode.tag !== undefined) {
          at(keyNode.range?.[0] ?? 0, path, `tag "${keyNode.tag}" is not allowed`, 'scenario files use plain YAML: remove the tag');
          continue;
        }
        const key = keyNode === null ? '' : String(keyNode.value);
        if (seen.has(key)) {
          at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0, path, 'this key appears twice in the same map', 'keep one of them');
          continue;
        }
        seen.add(key);
        // The YAML parser drops such a key silently (a map's __proto__ is its prototype), so it would vanish.
        if (UNSAFE_KEYS.has(key)) {
          at(keyNode?.range?.[0] ?? 0, path === '' ? key : `${path}.${key}`, `"${key}" cannot be a key or a market id: it names a JavaScript object's internals`, 'rename it');
          continue;
        }
        children.push({ key, keyNode, value: pair.value as Node | null });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => children.push({ key: String(i), keyNode: null, value: item as Node | null }));
    }
    for (const c of children) {
      const childPath = path === '' ? c.key : `${path}.${c.key}`;
      const keyOffset = c.keyNode?.range?.[0] ?? c.value?.range?.[0] ?? node.range?.[0] ?? 0;
      const valueOffset = c.value?.range?.[0] ?? keyOffset;
      locs.set(childPath, loc(keyOffset, valueOffset));
      stack.push({ node: c.value, path: childPath, depth: depth + 1, keyOffset });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const unresolved = e instanceof ReferenceError ? /^Unresolved alias.*: (.+)$/.exec(e.message) : null;
    if (unresolved) {
      const name = unresolved[1]!;
      at(Math.max(0, text.indexOf(`*${name}`)), '', `alias *${name} has no anchor &${name} before it`, 'define the anchor (&name) before the alias (*name) uses it, or write the value out');
      return { ok: false, errors };
    }
    if (e instanceof ReferenceError || e instanceof RangeError) {
      const anchor = text.search(/[&*][^\s]/);
      at(anchor < 0 ? 0 : anchor, '', `aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions)`, 'write the values out, or use extends');
      return { ok: false, errors };
    }
    throw e;
  }
  return { ok: true, source: { file, text, lines, value: value ?? {}, locs } };
}

function yamlMessage(code: string, message: string): string {
  // The yaml package's messages are good; drop its trailing position note.
  const m = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
  if (code === 'DUPLICATE_KEY') return 'this key appears twice in the same map';
  if (/call stack/i.test(m)) return `nesting is deeper than ${MAX_DEPTH} levels`;
  if (code === 'TAG_RESOLVE_FAILED') return `${m} (custom tags are not allowed)`;
  return `YAML syntax error: ${m}`;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'keep one of them';
    case 'TAG_RESOLVE_FAILED':
      return 'scenario files use plain YAML: remove the tag';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and the colons of this and the previous line';
    case 'MULTIPLE_DOCS':
      return 'one file holds one scenario; remove the "---" separator';
    default:
      return 'check the colon after each key, the indentation, and that quotes and brackets are closed';
  }
}
