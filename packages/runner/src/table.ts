// The one table layout of every terminal output (run, compare, sweep, check,
// calibrate, bench): columns two spaces apart under a dashed rule. Plain text
// only, so the browser's code may use it too.

// The visible width of a cell, without the ANSI codes that colour it.
const ANSI = /\u001b\[[0-9;]*m/g;
export const visibleLength = (s: string): number => s.replace(ANSI, '').length;

/**
 * First column left, the rest right-aligned (or as `right` says, column by
 * column), two spaces apart, a dashed rule under the header. Padding ignores
 * colour codes, so coloured cells line up; trailing spaces are cut.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], right?: readonly boolean[]): string {
  const widths = header.map((h, c) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[c] ?? ''))));
  const alignRight = (c: number) => right?.[c] ?? c > 0;
  const pad = (cell: string, c: number) => {
    const fill = ' '.repeat(Math.max(0, widths[c]! - visibleLength(cell)));
    return alignRight(c) ? fill + cell : cell + fill;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
