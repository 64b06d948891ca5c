import { describe, expect, it } from 'vitest';
import { designPoints, parseSet, planFromSets } from './design.ts';

describe('sweep designs from --set', () => {
  it('reads lists, grids, ranges, booleans and names', () => {
    expect(parseSet('levers.warehouseShare=0.4,0.6')).toEqual({ path: 'levers.warehouseShare', values: [0.4, 0.6] });
    expect(parseSet('levers.priceIndex=0.9:1.1')).toEqual({ path: 'levers.priceIndex', range: { lo: 0.9, hi: 1.1 } });
    expect(parseSet('levers.priceIndex=0.9:1.1:3')).toEqual({ path: 'levers.priceIndex', steps: { from: 0.9, to: 1.1, steps: 3 } });
    expect(parseSet('x.enabled=true,false')).toEqual({ path: 'x.enabled', values: [true, false] });
    expect(parseSet('market=europe')).toEqual({ path: 'market', values: ['europe'] });
  });

  it('rejects a --set without a path or values, with an example', () => {
    expect(() => parseSet('=1,2')).toThrow(/not path=values/);
    expect(() => parseSet('levers.priceIndex')).toThrow(/not path=values/);
    expect(() => parseSet('levers.priceIndex=2:1')).toThrow(/low first/);
    expect(() => parseSet('levers.priceIndex=1:2:1')).toThrow(/steps/);
  });

  it('crosses every value of every lever in a grid, first lever slowest', () => {
    const points = designPoints([parseSet('a=1,2'), parseSet('b=0:1:3')], { design: 'grid' });
    expect(points).toEqual([
      { a: 1, b: 0 }, { a: 1, b: 0.5 }, { a: 1, b: 1 },
      { a: 2, b: 0 }, { a: 2, b: 0.5 }, { a: 2, b: 1 },
    ]);
  });

  it('puts one Latin-hypercube point in each stratum of every lever', () => {
    const n = 20;
    const points = designPoints([parseSet('a=0:1'), parseSet('b=10:30')], { design: 'lhs', samples: n, seed: 3 });
    for (const [path, lo, hi] of [['a', 0, 1], ['b', 10, 30]] as const) {
      const strata = points.map((p) => Math.floor(((p[path] as number) - lo) / ((hi - lo) / n))).sort((x, y) => x - y);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('draws random and Latin-hypercube points from the design seed alone', () => {
    const sets = [parseSet('a=0:1'), parseSet('b=1:3')];
    expect(designPoints(sets, { design: 'random', samples: 5, seed: 7 })).toEqual(designPoints(sets, { design: 'random', samples: 5, seed: 7 }));
    expect(designPoints(sets, { design: 'lhs', samples: 5, seed: 7 })).not.toEqual(designPoints(sets, { design: 'lhs', samples: 5, seed: 8 }));
    expect(() => designPoints(sets, { design: 'random' })).toThrow(/--samples/);
    expect(() => designPoints([parseSet('a=0:1')], { design: 'grid' })).toThrow(/grid needs values/);
    expect(() => designPoints([parseSet('a=1,2')], { design: 'lhs', samples: 3 })).toThrow(/samples ranges/);
    expect(() => designPoints([parseSet('a=1,2'), parseSet('a=3')], { design: 'grid' })).toThrow(/given twice/);
  });

  it('numbers runs point by point, one per seed', () => {
    const plan = planFromSets([parseSet('a=1,2')], { design: 'grid' }, [11, 12, 13]);
    expect(plan.map((r) => [r.run, r.point, r.replication, r.seed])).toEqual([
      [0, 0, 0, 11], [1, 0, 1, 12], [2, 0, 2, 13], [3, 1, 0, 11], [4, 1, 1, 12], [5, 1, 2, 13],
    ]);
  });
});
