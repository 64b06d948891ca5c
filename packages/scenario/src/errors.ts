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

function oneLine(e: ScenarioError): string {
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

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest known name, if it is close enough to be a likely typo. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** "did you mean X?" or the list of what is allowed. */
export function suggestion(name: string, known: string[]): string {
  const best = closest(name, known);
  if (best !== undefined) return `did you mean "${best}"?`;
  if (known.length === 0) return 'nothing is allowed here';
  const shown = known.slice(0, 12).join(', ');
  return `expected one of: ${shown}${known.length > 12 ? ', ...' : ''}`;
}
