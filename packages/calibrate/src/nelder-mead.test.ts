import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.ts';

describe('nelderMead', () => {
  it('finds the minimum of a shifted quadratic bowl', () => {
    const r = nelderMead((x) => (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2, [0, 0], { step: 1, xTolerance: 1e-8, fTolerance: 1e-14 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(3, 4);
    expect(r.x[1]).toBeCloseTo(-1, 4);
  });

  it('follows the curved valley of the Rosenbrock function to (1, 1)', () => {
    const rosenbrock = (x: number[]) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
    const r = nelderMead(rosenbrock, [-1.2, 1], { step: 0.5, maxEvaluations: 2000, xTolerance: 1e-9, fTolerance: 1e-16 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
    expect(r.f).toBeLessThan(1e-8);
  });

  it('minimises in five dimensions', () => {
    const target = [0.1, -0.4, 0.7, 0.2, -0.9];
    const r = nelderMead((x) => x.reduce((s, xi, k) => s + (k + 1) * (xi - target[k]!) ** 2, 0), [0, 0, 0, 0, 0], {
      step: 0.3,
      maxEvaluations: 5000,
      xTolerance: 1e-7,
      fTolerance: 1e-14,
    });
    r.x.forEach((xi, k) => expect(xi).toBeCloseTo(target[k]!, 3));
  });

  it("never evaluates f more often than the budget allows", () => {
    let calls = 0;
    const r = nelderMead((x) => (calls++, (x[0]! - 100) ** 2), [0], { step: 0.001, maxEvaluations: 20 });
    expect(calls).toBe(20);
    expect(r.evaluations).toBe(20);
    expect(r.converged).toBe(false);
    // A budget smaller than the first simplex still returns the best point seen.
    const tiny = nelderMead((x) => (x[0]! - 1) ** 2 + (x[1]! - 1) ** 2, [0, 0], { step: 1, maxEvaluations: 2 });
    expect(tiny.evaluations).toBe(2);
    expect(tiny.f).toBe(1);
  });

  it('treats NaN as worse than any number', () => {
    const r = nelderMead((x) => (x[0]! < 0 ? Number.NaN : (x[0]! - 2) ** 2), [1], { step: 0.5, xTolerance: 1e-8 });
    expect(r.x[0]).toBeCloseTo(2, 4);
  });

  it('spends no evaluation on the start point when its value is given', () => {
    const seen: number[][] = [];
    const f = (x: number[]) => (seen.push([...x]), (x[0]! - 3) ** 2);
    const r = nelderMead(f, [1], { step: 0.5, f0: 4, xTolerance: 1e-6 });
    expect(seen.some((x) => x[0] === 1)).toBe(false);
    expect(r.x[0]).toBeCloseTo(3, 4);
  });
});
