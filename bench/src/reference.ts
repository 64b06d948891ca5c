// The same-run reference kernel: drawing N numbers from seedrandom's alea,
// the generator every shopper trait descends from. Timed beside each suite
// so results read as ratios that compare across machines.
import seedrandom from 'seedrandom';

/** Draws `count` alea numbers and returns their sum (so the loop cannot be dropped). */
export function aleaDraws(count: number, seed = 'shopsim-bench-reference'): number {
  const next = seedrandom.alea(seed);
  let sum = 0;
  for (let k = 0; k < count; k++) sum += next();
  return sum;
}
