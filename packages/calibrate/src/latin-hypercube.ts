// Latin-hypercube samples of the unit cube: each coordinate's n strata hit
// once, a better coarse cover than n independent points for choosing a start.
import seedrandom from 'seedrandom';

/** `points` samples in [0,1)^dimensions, one per stratum of every coordinate. */
export function latinHypercube(points: number, dimensions: number, seed: number): number[][] {
  const u = seedrandom.alea(`shopsim-calibrate:${seed}`);
  const out = Array.from({ length: points }, () => new Array<number>(dimensions).fill(0));
  for (let d = 0; d < dimensions; d++) {
    const strata = Array.from({ length: points }, (_, i) => i);
    for (let i = points - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      [strata[i], strata[j]] = [strata[j]!, strata[i]!];
    }
    for (let i = 0; i < points; i++) out[i]![d] = (strata[i]! + u()) / points;
  }
  return out;
}
