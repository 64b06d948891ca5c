// A deliberately slowed engine, to show that the regression gate catches a
// real slowdown: after each day's step it draws `extraDraws` more hashed
// uniforms per shopper, the kind of work the engine's own streams do, so the
// extra time grows with shoppers x days as a genuine regression would. The
// model's results are untouched (the draws go to a sink).
import type { SimConfig } from '@shopsim/core';
import { Engine } from '../../packages/core/src/engine.ts';
import { shopperBase, uniformAt } from '../../packages/core/src/rng.ts';

export class SlowedEngine extends Engine {
  /** Where the extra draws go, so that the optimiser cannot drop them. */
  sink = 0;

  constructor(config: SimConfig, seed: number, private readonly extraDraws: number) {
    super(config, seed);
  }

  override step(day: number): void {
    super.step(day);
    const n = this.pop.size;
    let sum = 0;
    for (let k = 0; k < this.extraDraws; k++) {
      for (let i = 0; i < n; i++) sum += uniformAt(shopperBase(k, i, day), 0);
    }
    this.sink += sum;
  }
}

/** A plain engine, or a slowed one when `extraDraws` > 0. */
export function benchEngine(config: SimConfig, seed: number, extraDraws: number): Engine {
  return extraDraws > 0 ? new SlowedEngine(config, seed, extraDraws) : new Engine(config, seed);
}
