// Small statistics for benchmark samples: medians are robust to the odd
// sample a noisy shared machine slows down.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation relative to the median: the samples' spread. */
export function relativeSpread(xs: readonly number[]): number {
  const m = median(xs);
  if (!(m > 0)) return Number.NaN;
  return median(xs.map((x) => Math.abs(x - m))) / m;
}
