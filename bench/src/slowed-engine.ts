// A deliberately slowed engine, to show that the regression gate catches a
// real slowdown: after each day's step it makes `extraDraws` more hashed
// draws per shopper (0.3 = one draw for 30% of the shoppers), the kind of
// integer hashing the engine's own random streams do, so the extra time
// grows with shoppers x days as a genuine regression would. The model's
// results are untouched (the draws go to a sink). Used only by the bench
// (SHOPSIM_BENCH_EXTRA_DRAWS, bench/noise.ts), never by the CLI's runs.
import { Engine, type SimConfig } from '@shopsim/core';

/** A 32-bit integer hash (murmur3's finaliser) to a uniform in [0, 1). */
function hashedUniform(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export class SlowedEngine extends Engine {
  /** Where the extra draws go, so that the optimiser cannot drop them. */
  sink = 0;

  constructor(config: SimConfig, seed: number, private readonly extraDraws: number) {
    super(config, seed);
  }

  override step(day: number): void {
    super.step(day);
    const n = this.pop.size;
    // Whole passes over every shopper, then one over the first fraction of them.
    const draws = Math.floor(this.extraDraws * n);
    let sum = 0;
    for (let k = 0; k < draws; k++) sum += hashedUniform(k % n, day * 131 + Math.floor(k / n));
    this.sink += sum;
  }
}

/** A plain engine, or a slowed one when `extraDraws` > 0. */
export function benchEngine(config: SimConfig, seed: number, extraDraws: number): Engine {
  return extraDraws > 0 ? new SlowedEngine(config, seed, extraDraws) : new Engine(config, seed);
}
