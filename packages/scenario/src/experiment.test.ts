// Experiments: policies crossed with uncertainties, each a list, a grid, or
// random / latin-hypercube samples; combined factorially, sampled or paired;
// every point run with the same seeds. The run list says exactly what runs.
import { describe, expect, it } from 'vitest';
import { designPoints, expandRuns, type Experiment, type FactorGroup, type Params } from './experiment.ts';

const experiment = (e: Partial<Experiment>): Experiment => ({ combine: 'factorial', seed: 1, ...e });
const values = (points: Params[], path: string) => points.map((p) => p[path]);
const key = (p: Params) => JSON.stringify(Object.entries(p).sort());

const WAREHOUSE = 'levers.warehouseShare';
const RETURNS = 'levers.afterSales.returnCycleDays';
const SEVERITY = 'timeline.0.transitMultiplier';
const LENGTH = 'timeline.0.days';

const policiesGrid: FactorGroup = { grid: { [WAREHOUSE]: { from: 0.1, to: 0.9, steps: 5 }, [RETURNS]: [45, 21, 7] } };
const uncertaintiesLhs = (n: number): FactorGroup => ({ 'latin-hypercube': { n, ranges: { [SEVERITY]: { min: 1.5, max: 4 }, [LENGTH]: { min: 20, max: 90, integer: true } } } });

describe('designs of one group', () => {
  it('a list gives its points as written, in order', () => {
    const list = [{ [WAREHOUSE]: 0.2 }, { [WAREHOUSE]: 0.8, [RETURNS]: 7 }];
    expect(designPoints(experiment({ policies: { list } }))).toEqual(list);
  });

  it('a grid gives every combination once, with evenly spaced values ends included and no float noise', () => {
    const points = designPoints(experiment({ policies: policiesGrid }));
    expect(points).toHaveLength(15);
    expect(new Set(points.map(key)).size).toBe(15);
    expect([...new Set(values(points, WAREHOUSE))]).toEqual([0.1, 0.3, 0.5, 0.7, 0.9]);
    expect([...new Set(values(points, RETURNS))]).toEqual([45, 21, 7]);
  });

  it('random draws n points inside the ranges, whole numbers where asked, the same for the same seed', () => {
    const group: FactorGroup = { random: { n: 200, ranges: { [SEVERITY]: { min: 1.5, max: 4 }, [LENGTH]: { min: 20, max: 90, integer: true } } } };
    const points = designPoints(experiment({ policies: group, seed: 7 }));
    expect(points).toHaveLength(200);
    for (const p of points) {
      expect(p[SEVERITY]).toBeGreaterThanOrEqual(1.5);
      expect(p[SEVERITY]).toBeLessThanOrEqual(4);
      expect(Number.isInteger(p[LENGTH])).toBe(true);
      expect(p[LENGTH]).toBeGreaterThanOrEqual(20);
      expect(p[LENGTH]).toBeLessThanOrEqual(90);
    }
    expect(designPoints(experiment({ policies: group, seed: 7 }))).toEqual(points);
    expect(designPoints(experiment({ policies: group, seed: 8 }))).not.toEqual(points);
  });

  it('a latin hypercube uses each of its n strata of every range exactly once', () => {
    const n = 12;
    const points = designPoints(experiment({ uncertainties: uncertaintiesLhs(n), seed: 2024 }));
    expect(points).toHaveLength(n);
    const strata = (path: string, min: number, max: number) => values(points, path).map((v) => Math.min(n - 1, Math.floor(((v as number) - min) / ((max - min) / n)))).sort((a, b) => a - b);
    expect(strata(SEVERITY, 1.5, 4)).toEqual(Array.from({ length: n }, (_, i) => i));
    // The seed decides the design, and only the seed.
    expect(designPoints(experiment({ uncertainties: uncertaintiesLhs(n), seed: 2024 }))).toEqual(points);
  });
});

describe('combining policies with uncertainties', () => {
  it('factorial runs every policy against every uncertainty', () => {
    const points = designPoints(experiment({ policies: policiesGrid, uncertainties: uncertaintiesLhs(4) }));
    expect(points).toHaveLength(15 * 4);
    const policies = new Set(points.map((p) => key({ [WAREHOUSE]: p[WAREHOUSE]!, [RETURNS]: p[RETURNS]! })));
    const uncertainties = new Set(points.map((p) => key({ [SEVERITY]: p[SEVERITY]!, [LENGTH]: p[LENGTH]! })));
    expect(policies.size * uncertainties.size).toBe(points.length);
    expect(new Set(points.map(key)).size).toBe(points.length);
  });

  it('the uncertainties drawn do not depend on the policies they are crossed with', () => {
    // Separate random streams: adding or changing policies keeps the same futures, so policies compare fairly.
    const alone = designPoints(experiment({ uncertainties: uncertaintiesLhs(4) }));
    const crossed = designPoints(experiment({ policies: { list: [{ [WAREHOUSE]: 0.2 }, { [WAREHOUSE]: 0.8 }] }, uncertainties: uncertaintiesLhs(4) }));
    expect(crossed.slice(0, 4).map((p) => p[SEVERITY])).toEqual(values(alone, SEVERITY));
    expect(crossed.slice(4).map((p) => p[SEVERITY])).toEqual(values(alone, SEVERITY));
  });

  it('paired runs the i-th policy with the i-th uncertainty, and a single point with all', () => {
    const policies: FactorGroup = { list: [{ [WAREHOUSE]: 0.1 }, { [WAREHOUSE]: 0.5 }, { [WAREHOUSE]: 0.9 }] };
    const uncertainties: FactorGroup = { list: [{ [SEVERITY]: 2 }, { [SEVERITY]: 3 }, { [SEVERITY]: 4 }] };
    expect(designPoints(experiment({ policies, uncertainties, combine: 'paired' }))).toEqual([
      { [WAREHOUSE]: 0.1, [SEVERITY]: 2 },
      { [WAREHOUSE]: 0.5, [SEVERITY]: 3 },
      { [WAREHOUSE]: 0.9, [SEVERITY]: 4 },
    ]);
    const one: FactorGroup = { list: [{ [SEVERITY]: 2.5 }] };
    expect(values(designPoints(experiment({ policies, uncertainties: one, combine: 'paired' })), SEVERITY)).toEqual([2.5, 2.5, 2.5]);
  });

  it('sampled draws the asked number of (policy, uncertainty) pairs from the two groups, reproducibly', () => {
    const e = experiment({ policies: policiesGrid, uncertainties: uncertaintiesLhs(6), combine: 'sampled', samples: 40, seed: 3 });
    const points = designPoints(e);
    expect(points).toHaveLength(40);
    const policyKeys = new Set(designPoints(experiment({ policies: policiesGrid })).map(key));
    const uncertaintyKeys = new Set(designPoints(experiment({ uncertainties: uncertaintiesLhs(6), seed: 3 })).map(key));
    for (const p of points) {
      expect(policyKeys).toContain(key({ [WAREHOUSE]: p[WAREHOUSE]!, [RETURNS]: p[RETURNS]! }));
      expect(uncertaintyKeys).toContain(key({ [SEVERITY]: p[SEVERITY]!, [LENGTH]: p[LENGTH]! }));
    }
    expect(designPoints(e)).toEqual(points);
  });
});

describe('the run list', () => {
  it('runs every point with seeds 1..replications, point by point, the same seeds at every point', () => {
    const runs = expandRuns({ seeds: [99], experiment: experiment({ policies: policiesGrid, replications: 3 }) });
    expect(runs).toHaveLength(15 * 3);
    expect(runs.map((r) => r.run)).toEqual(runs.map((_, i) => i));
    for (const r of runs) {
      expect(r.point).toBe(Math.floor(r.run / 3));
      expect(r.replication).toBe(r.run % 3);
      expect(r.seed).toBe(r.replication + 1);
      expect(r.params).toEqual(runs[r.point * 3]!.params);
    }
  });

  it("uses the scenario's own seeds when the experiment sets no replications", () => {
    const runs = expandRuns({ seeds: [11, 12], experiment: experiment({ policies: { list: [{ [WAREHOUSE]: 0.2 }, { [WAREHOUSE]: 0.8 }] } }) });
    expect(runs.map((r) => [r.point, r.seed])).toEqual([[0, 11], [0, 12], [1, 11], [1, 12]]);
  });

  it('without an experiment is one run per seed with nothing changed', () => {
    expect(expandRuns({ seeds: [5, 6] })).toEqual([
      { run: 0, point: 0, params: {}, replication: 0, seed: 5 },
      { run: 1, point: 0, params: {}, replication: 1, seed: 6 },
    ]);
  });
});
