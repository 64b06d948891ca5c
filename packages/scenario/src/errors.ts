// Scenario mistakes are values: each names the file, line, column and key
// path, says what is wrong and, where it can, how to fix it.

export interface ScenarioError {
  file: string;
  /** 1-based line; 0 when the problem has no place in the file (e.g. a --set override). */
  line: number;
  /** 1-based column; 0 when `line` is 0. */
  column: number;
  /** Dotted key path in the YAML document, e.g. "markets.europe.shopperShare"; "" for the whole file. */
  path: string;
  message: string;
  hint?: string;
  /** The offending line of the file, as written. */
  sourceLine?: string;
}

/** Every mistake found in one scenario file, reported together. */
export class ScenarioErrors extends Error {
  constructor(readonly errors: ScenarioError[]) {
    super(errors.length === 1 ? oneLine(errors[0]!) : `${errors.length} errors in scenario:\n${errors.map(oneLine).join('\n')}`);
    this.name = 'ScenarioErrors';
  }

  /** `file:line:col  path  message  (hint)` and the offending line under each error. */
  format(): string {
    return this.errors.map(formatScenarioError).join('\n');
  }
}

/** One line: `file:line:col  path  message  (hint)`. */
export function oneLine(e: ScenarioError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
  return `${where}  ${e.path || '(file)'}  ${e.message}${e.hint ? `  (${e.hint})` : ''}`;
}

export function formatScenarioError(e: ScenarioError): string {
  let out = oneLine(e);
  if (e.sourceLine !== undefined && e.line > 0) {
    const gutter = String(e.line);
    out += `\n  ${gutter} | ${e.sourceLine}\n  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, e.column - 1))}^`;
  }
  return out;
}

export { closest, editDistance } from '@shopsim/core';
import { closest } from '@shopsim/core';

/** "did you mean X?" or the list of what is allowed. */
export function suggestion(name: string, known: string[]): string {
  const best = closest(name, known);
  if (best !== undefined) return `did you mean "${best}"?`;
  if (known.length === 0) return 'nothing is allowed here';
  const shown = known.slice(0, 12).join(', ');
  return `expected one of: ${shown}${known.length > 12 ? ', ...' : ''}`;
}
