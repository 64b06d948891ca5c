// Short names for wide things, so tables fit a terminal: scenarios as A, B, C with a
// legend, and sweep levers by the end of their dotted path.

/** A, B, ..., Z, then AA, AB, ...: the column label of scenario i. */
export function scenarioLetter(i: number): string {
  const letter = String.fromCharCode(65 + (i % 26));
  return i < 26 ? letter : scenarioLetter(Math.floor(i / 26) - 1) + letter;
}

/** "A  2019 baseline" lines, for under a table that uses the letters. */
export function scenarioLegend(names: readonly string[]): string[] {
  return names.map((n, i) => `${scenarioLetter(i)}  ${n}`);
}

/**
 * Each dotted path by its shortest ending that no other path shares:
 * levers.warehouseShare -> warehouseShare, and markets.europe.levers.afterSales.returnCycleDays
 * beside markets.africa.levers.afterSales.returnCycleDays -> europe.levers.afterSales.returnCycleDays.
 */
export function shortLeverNames(paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const parts = path.split('.');
    let n = 1;
    const ending = (p: string, k: number) => p.split('.').slice(-k).join('.');
    while (n < parts.length && paths.some((other) => other !== path && ending(other, n) === ending(path, n))) n++;
    out[path] = ending(path, n);
  }
  return out;
}
