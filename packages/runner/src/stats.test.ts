import { describe, expect, it } from 'vitest';
import { diffStatOf, statOf, StatAccumulator, tCritical95, weightedStatOf } from './stats.ts';

describe('Student t confidence intervals', () => {
  it('uses the tabulated 97.5% quantiles of Student t', () => {
    expect(tCritical95(1)).toBeCloseTo(12.7062, 3);
    expect(tCritical95(4)).toBeCloseTo(2.7764, 3);
    expect(tCritical95(9)).toBeCloseTo(2.2622, 3);
    expect(tCritical95(30)).toBeCloseTo(2.0423, 3);
    expect(tCritical95(1000)).toBeCloseTo(1.9623, 3);
  });

  it('gives mean, sample sd and mean +- t * sd / sqrt(n)', () => {
    const s = statOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const half = (2.3646 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(s.lo).toBeCloseTo(5 - half, 3);
    expect(s.hi).toBeCloseTo(5 + half, 3);
  });

  it('leaves undefined ratios (NaN) out and has no interval from one value', () => {
    expect(statOf([1, Number.NaN, 3]).n).toBe(2);
    const one = statOf([3]);
    expect(one.mean).toBe(3);
    expect(Number.isNaN(one.lo)).toBe(true);
    expect(statOf([]).n).toBe(0);
  });

  it('streams to the same result as a batch', () => {
    const values = [0.1, 0.7, 0.3, 0.9, 0.5];
    const acc = new StatAccumulator();
    for (const v of values) acc.add(v);
    expect(acc.stat().mean).toBeCloseTo(statOf(values).mean, 14);
    expect(acc.stat().sd).toBeCloseTo(statOf(values).sd, 14);
  });
});

describe('weighted means (ensemble members counted by weight)', () => {
  const values = [3.1, 3.4, 3.9, 4.4];
  it('gives the plain mean and CI for equal weights', () => {
    const plain = statOf(values);
    const weighted = weightedStatOf(values, [2, 2, 2, 2]);
    for (const key of ['mean', 'sd', 'lo', 'hi', 'n'] as const) expect(weighted[key]).toBeCloseTo(plain[key], 12);
  });
  it('counts a value picked twice twice in the mean, and on fewer effective values than picks', () => {
    const w = weightedStatOf(values, [2, 1, 1, 0]);
    expect(w.mean).toBeCloseTo((2 * 3.1 + 3.4 + 3.9) / 4, 12);
    expect(w.n).toBeCloseTo(16 / 6, 12);
    // Counted as four independent picks the CI would be narrower: a repeated pick repeats a run, it adds no information.
    expect(w.hi - w.lo).toBeGreaterThan(statOf([3.1, 3.1, 3.4, 3.9]).hi - statOf([3.1, 3.1, 3.4, 3.9]).lo);
  });
  it('has no CI for one value', () => {
    expect(Number.isNaN(weightedStatOf([3, 4], [1, 0]).lo)).toBe(true);
  });
});

describe('paired differences', () => {
  it('finds no difference between a sample and itself', () => {
    const d = diffStatOf([3, 4, 5], [3, 4, 5]);
    expect(d).toMatchObject({ mean: 0, sd: 0, lo: 0, hi: 0, significant: false });
  });

  it('marks a consistent shift significant even when the levels vary a lot', () => {
    const a = [10, 50, 90, 20];
    const d = diffStatOf(a, a.map((x, i) => x + 1 + 0.1 * i));
    expect(d.significant).toBe(true);
    expect(d.lo).toBeGreaterThan(0);
  });

  it('does not mark noise significant', () => {
    const d = diffStatOf([1, 2, 3, 4], [2, 1, 4, 3]);
    expect(d.significant).toBe(false);
  });
});

describe('paired differences over a behaviour ensemble', () => {
  // Each replication drew its own plausible behaviour: 9 of 10 show a rise.
  const base = new Array<number>(10).fill(0);
  const variant = [2, 2.1, -0.1, 1.9, 2, 2.2, 1.8, 2.05, 1.95, 2.1];

  it('reports the share of behaviours agreeing on the sign, and does not star a sign the data does not pin', () => {
    const d = diffStatOf(base, variant, true);
    expect(d.lo).toBeGreaterThan(0); // the CI alone would call it significant
    expect(d.signShare).toBeCloseTo(0.9, 12);
    expect(d.signPinned).toBe(false);
    expect(d.significant).toBe(false);
  });

  it('stars a difference whose CI excludes 0 and whose sign at least 95% of behaviours share', () => {
    const d = diffStatOf(base, variant.map(Math.abs), true);
    expect(d).toMatchObject({ signShare: 1, signPinned: true, significant: true });
  });

  it('leaves differences without an ensemble as they were', () => {
    const d = diffStatOf(base, variant);
    expect(d.significant).toBe(true);
    expect(d.signShare).toBeUndefined();
  });
});
