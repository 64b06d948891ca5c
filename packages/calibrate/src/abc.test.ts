// The ABC-SMC arithmetic on a problem with a known answer and no simulation:
// 30 parameters, of which the distance reads two. The importance weights
// must stay worth many members (on 4249cb2 they collapsed to one in such
// problems, so every marginal read "pinned"), the two read parameters must be
// pinned around their truth and the 28 others left at their prior width.
// A population worth few members is never read as pinned.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { advance, DEFAULT_ABC, KERNELS, mixtureOf, pick, propose, type AbcSettings, type KernelKind, type Population } from './abc.ts';
import { marginals, PINNED_BELOW, reliableEss, screen } from './ensemble-diagnostics.ts';
import type { Evaluation } from './ensemble-run.ts';
import { CONTROL_COUNT, withControls, type Prior } from './priors.ts';
import { ELLIPSE_DIMENSIONS, MANY_DIMENSIONS, MANY_READ, manyInertDistance, meanSe, ridgeDistance, RIDGE_DIMENSIONS, runAbc, THIN_ELLIPSE as ellipse, unitBox } from './abc-synthetic.ts';

const D = 30;
const priors: Prior[] = Array.from({ length: D }, (_, k) => ({ path: `behaviour.p${k}`, lo: 0, hi: 2, source: 'test' }));
const truth = [1.3, 0.6];

/** Implausibility-like distance with seed noise: only parameters 0 and 1 matter. */
function distance(values: number[], noise: () => number): number {
  return Math.max(Math.abs(values[0]! - truth[0]! + 0.02 * (noise() - 0.5)) / 0.1, Math.abs(values[1]! - truth[1]! + 0.02 * (noise() - 0.5)) / 0.1);
}

function fit(settings: AbcSettings): Population[] {
  const history: Population[] = [];
  let population: Population | null = null;
  for (let g = 0; g < settings.maxGenerations; g++) {
    const proposals = propose(settings, priors, g, population);
    const noise = seedrandom(`noise:${g}`);
    const distances = proposals.map((v) => distance(v, noise));
    // Generation 0's screen: a target per parameter pair read, as the run folder stores them.
    const first: Evaluation[] = proposals.map((values, index) => ({ generation: g, index, values, distance: distances[index]!, targets: { a: { mean: values[0]!, implausibility: 0 }, b: { mean: values[1]!, implausibility: 0 } } }));
    const active = g === 0 && settings.screen ? screenOf(first) : undefined;
    population = advance(settings, priors, g, population, proposals, distances, active);
    history.push(population);
    if (population.done) break;
  }
  return history;
}

const screenOf = (first: Evaluation[]) => screen(first, priors);

describe('ABC-SMC weights in many dimensions', () => {
  it('keeps the effective sample size healthy and pins only what the distance reads', () => {
    const history = fit({ ...DEFAULT_ABC, populationSize: 200, maxGenerations: 10 });
    for (const p of history) expect(reliableEss(p), `generation ${p.generation}: effective size ${p.ess.toFixed(1)} of ${p.particles.length}`).toBe(true);
    const last = history[history.length - 1]!;
    expect(last.active).toEqual([0, 1]);
    expect(last.epsilon).toBeLessThan(history[0]!.epsilon);
    const m = marginals(last, priors);
    for (const k of [0, 1]) {
      expect(m[k]!.verdict, m[k]!.path).toBe('pinned');
      expect(m[k]!.q05).toBeLessThanOrEqual(truth[k]!);
      expect(m[k]!.q95).toBeGreaterThanOrEqual(truth[k]!);
    }
    for (const r of m.slice(2)) expect(r.verdict, `${r.path} width ${r.widthRatio.toFixed(2)}`).toBe('not pinned');
  });

  it('without the screen (30 moved dimensions) the truncated weights stay worth many members, and no inert parameter is called pinned', () => {
    const history = fit({ ...DEFAULT_ABC, populationSize: 100, maxGenerations: 3, screen: false });
    const last = history[history.length - 1]!;
    expect(last.active).toHaveLength(D);
    for (const p of history) expect(reliableEss(p), `generation ${p.generation}: effective size ${p.ess.toFixed(1)} of ${p.particles.length}`).toBe(true);
    const m = marginals(last, priors);
    for (const r of m.slice(2)) expect(r.verdict, `${r.path} width ${r.widthRatio.toFixed(2)}`).not.toBe('pinned');
  });

  it('moves a parameter the priors file marks moved, even when no target correlates with it in the prior draws', () => {
    const marked = priors.map((p, k) => (k === 7 ? { ...p, alwaysMoved: true } : p));
    const proposals = propose(DEFAULT_ABC, marked, 0, null);
    const noise = seedrandom('noise:0');
    const first: Evaluation[] = proposals.map((values, index) => ({ generation: 0, index, values, distance: distance(values, noise), targets: { a: { mean: values[0]!, implausibility: 0 } } }));
    expect(screen(first, priors)).toEqual([0, 1]);
    expect(screen(first, marked)).toEqual([0, 1, 7]);
  });

  it('never calls a parameter pinned when the weights rest on a few members', () => {
    const population: Population = {
      generation: 3, epsilon: 1, acceptance: 0.5, essFloor: 10, active: [0], done: true,
      particles: Array.from({ length: 50 }, (_, i) => ({ values: [1 + i * 1e-3, 0.1 + 0.036 * i], distance: 1, weight: i === 0 ? 0.99 : 0.01 / 49, logWeight: 0, generation: 3, index: i })),
      ess: 1.02,
    };
    const m = marginals(population, priors.slice(0, 2));
    expect(m.map((r) => r.verdict)).toEqual(['unknown: too few effective members', 'unknown: too few effective members']);
    expect(m.every((r) => !r.pinned)).toBe(true);
  });
});

// The proposal kernel on problems with a known answer, no simulation:
// a thin curved ridge and a thin correlated ellipsoid in the unit box.
describe('proposal kernels: optimal local covariance (OLCM) against the global one', () => {
  it('on a thin curved ridge in 10 dimensions, OLCM reaches a lower tolerance in the same generations', () => {
    const space = unitBox(RIDGE_DIMENSIONS);
    const seeds = [1, 2, 3, 4, 5];
    const final = (kernel: KernelKind, seed: number) => runAbc({ ...DEFAULT_ABC, seed, kernel, minAcceptance: 0, maxGenerations: 1000 }, space, ridgeDistance, 8).at(-1)!;
    const global = seeds.map((s) => final('global', s));
    const local = seeds.map((s) => final('olcm', s));
    // Paired by seed (the same generation 0): ln of the global tolerance over OLCM's.
    const gain = meanSe(seeds.map((_, i) => Math.log(global[i]!.epsilon / local[i]!.epsilon)));
    const tolerances = `global ${global.map((p) => p.epsilon.toFixed(1)).join(' ')}, olcm ${local.map((p) => p.epsilon.toFixed(1)).join(' ')}`;
    expect(gain.m - 3 * gain.se, tolerances).toBeGreaterThan(0);
    // The same generations' acceptance, paired: higher with OLCM.
    const acceptance = meanSe(seeds.map((_, i) => local[i]!.acceptance - global[i]!.acceptance));
    expect(acceptance.m, tolerances).toBeGreaterThan(0);
  });

  it('weighs proposals by the density they were drawn from: a correct importance sampler of a known ABC posterior', () => {
    const space = unitBox(ELLIPSE_DIMENSIONS);
    // A population that represents the ABC posterior at tolerance 5 (uniform inside that ellipsoid, equal weights),
    // so what is checked is the weighting alone: the proposals inside the region, weighted by prior / mixture,
    // must have the region's uniform spread.
    const rng = seedrandom('ellipse');
    const particles = ellipse.inside(5, 50, rng).map((values, index) => ({ values, distance: ellipse.distance(values), weight: 1 / 50, logWeight: 0, generation: 3, index }));
    const previous: Population = { generation: 3, particles, epsilon: 5, acceptance: 0.3, ess: 50, essFloor: 15, active: space.map((_, k) => k), done: false };
    const eps = 5;
    const truth = ellipse.truth(eps);
    const inside: Record<string, number[]> = {};
    for (const kernel of KERNELS) {
      const settings: AbcSettings = { ...DEFAULT_ABC, kernel };
      const mixture = mixtureOf(settings, space, previous);
      // 8 groups of 8 proposal streams (50 proposals each): the estimate pools them, the spread over groups gives its margin.
      const groups: { ys: number[][]; w: number[] }[] = [];
      for (let group = 0; group < 8; group++) {
        const ys: number[][] = [];
        const w: number[] = [];
        for (let s = 0; s < 8; s++) {
          for (const x of propose({ ...settings, seed: 100 + 8 * group + s }, space, 4, previous)) {
            if (ellipse.distance(x) > eps) continue;
            ys.push(ellipse.offset(x));
            w.push(Math.exp(-mixture.logDensity(x)));
          }
        }
        groups.push({ ys, w });
      }
      inside[kernel] = groups.map((g) => g.ys.length / 400);
      const all = { ys: groups.flatMap((g) => g.ys), w: groups.flatMap((g) => g.w) };
      for (const axis of ['along', 'across'] as const) {
        const estimate = (weighted: boolean) => ({
          pooled: ellipse.spread(all.ys, weighted ? all.w : all.ys.map(() => 1))[axis] / truth[axis],
          se: meanSe(groups.map((g) => ellipse.spread(g.ys, weighted ? g.w : g.ys.map(() => 1))[axis] / truth[axis])).se,
        });
        const weighted = estimate(true);
        const plain = estimate(false);
        const what = `${kernel} ${axis}, ${all.ys.length} proposals inside: weighted variance / truth ${weighted.pooled.toFixed(3)} ± ${weighted.se.toFixed(3)}, unweighted ${plain.pooled.toFixed(3)} ± ${plain.se.toFixed(3)}`;
        expect(Math.abs(weighted.pooled - 1), what).toBeLessThanOrEqual(4 * weighted.se);
        // The check has power: unweighted, OLCM's proposals crowd the middle of the region and miss the truth.
        if (kernel === 'olcm') expect(Math.abs(plain.pooled - 1), what).toBeGreaterThan(4 * plain.se);
      }
    }
    // From the same population, at the same tolerance, OLCM's proposals land inside the region more often.
    const gain = meanSe(inside.olcm!.map((a, g) => a - inside.global![g]!));
    expect(gain.m - 3 * gain.se, `inside: olcm ${inside.olcm!.map((a) => a.toFixed(2)).join(' ')}, global ${inside.global!.map((a) => a.toFixed(2)).join(' ')}`).toBeGreaterThan(0);
  });

  it('advance weighs each new particle by the mixture propose drew it from (up to the cap)', () => {
    const space = unitBox(ELLIPSE_DIMENSIONS);
    const settings: AbcSettings = { ...DEFAULT_ABC, kernel: 'olcm', minAcceptance: 0, maxGenerations: 1000 };
    const history = runAbc(settings, space, ellipse.distance, 6);
    const previous = history.at(-2)!;
    const next = history.at(-1)!;
    const mixture = mixtureOf(settings, space, previous);
    const fresh = next.particles.filter((p) => p.generation === next.generation);
    expect(fresh.length).toBeGreaterThan(0);
    const cap = Math.max(...next.particles.map((p) => p.logWeight));
    for (const p of fresh) {
      const exact = -mixture.logDensity(p.values);
      if (p.logWeight < cap) expect(p.logWeight).toBeCloseTo(exact, 9);
      else expect(exact).toBeGreaterThanOrEqual(cap - 1e-9);
    }
  });

  it('the mixture density integrates to one and has the mean and covariance of its draws (2-D)', () => {
    const space = unitBox(2);
    const rng = seedrandom('mixture');
    // A curved population with uneven weights and distances, so the local covariances differ.
    const particles = Array.from({ length: 16 }, (_, i) => {
      const t = rng();
      const values = [0.2 + 0.6 * t, 0.5 + 0.25 * Math.sin(3 * t) + 0.03 * (rng() - 0.5)];
      return { values, distance: rng() * 4, weight: 0.5 + rng(), logWeight: 0, generation: 1, index: i };
    });
    const total = particles.reduce((s, p) => s + p.weight, 0);
    const population: Population = { generation: 1, particles: particles.map((p) => ({ ...p, weight: p.weight / total })), epsilon: 4, acceptance: 1, ess: 10, essFloor: 10, active: [0, 1], done: false };
    for (const kernel of KERNELS) {
      const mixture = mixtureOf({ ...DEFAULT_ABC, kernel }, space, population);
      // Draws: pick a centre by weight, then its Gaussian.
      const cumulative: number[] = [];
      population.particles.reduce((s, p) => (cumulative.push(s + p.weight), s + p.weight), 0);
      const draws = Array.from({ length: 10_000 }, () => mixture.draw(pick(cumulative, rng()), rng));
      const m = [0, 1].map((k) => draws.reduce((s, x) => s + x[k]!, 0) / draws.length);
      const c = [[0, 0], [0, 1], [1, 1]].map(([a, b]) => draws.reduce((s, x) => s + (x[a!]! - m[a!]!) * (x[b!]! - m[b!]!), 0) / draws.length);
      // The density on a grid wide enough to hold every kernel's mass.
      const h = 0.03;
      // Sums of p, p x, p y, p x^2, p x y, p y^2 over the grid.
      const sums = [0, 0, 0, 0, 0, 0];
      for (let x = -1.26; x <= 2.25; x += h) {
        for (let y = -1.26; y <= 2.25; y += h) {
          const p = Math.exp(mixture.logDensity([x, y])) * h * h;
          [1, x, y, x * x, x * y, y * y].forEach((t, i) => (sums[i] = sums[i]! + p * t));
        }
      }
      const [mass, ex, ey, exx, exy, eyy] = sums as [number, number, number, number, number, number];
      expect(mass, kernel).toBeCloseTo(1, 3);
      const dm = [ex, ey];
      const dc = [exx - ex * ex, exy - ex * ey, eyy - ey * ey];
      // Margins: four standard errors of the draws' mean and (co)variance.
      for (const k of [0, 1]) expect(Math.abs(m[k]! - dm[k]!), `${kernel} mean ${k}`).toBeLessThan(4 * Math.sqrt(c[k === 0 ? 0 : 2]! / draws.length));
      const sd = [Math.sqrt(c[0]!), Math.sqrt(c[2]!)];
      const seCov = [Math.SQRT2 * c[0]!, sd[0]! * sd[1]! * Math.sqrt(1 + (c[1]! / (sd[0]! * sd[1]!)) ** 2), Math.SQRT2 * c[2]!].map((v) => v / Math.sqrt(draws.length));
      for (const k of [0, 1, 2]) expect(Math.abs(c[k]! - dc[k]!), `${kernel} covariance ${k}: draws ${c[k]!.toFixed(5)}, density ${dc[k]!.toFixed(5)}`).toBeLessThan(4 * seCov[k]!);
    }
  });
});

// Without the screen a fit moves more parameters than it keeps particles
// (about 60 against 50). A covariance from fewer points than dimensions is
// singular: on 8d753a1 both kernels then perturbed only within the span of
// the particles (plus a floor of 0.01 of the prior's width), so directions
// no target reads shrank by descent alone and inert parameters read pinned.
describe('fits moving more parameters than they keep particles', () => {
  const d = 30;
  const space = unitBox(d);
  const rng = seedrandom('span');
  const particles = Array.from({ length: 20 }, (_, i) => ({ values: space.map(() => rng()), distance: i / 20, weight: 1 / 20, logWeight: 0, generation: 1, index: i }));
  const population: Population = { generation: 1, epsilon: 1, acceptance: 0.5, essFloor: 10, active: space.map((_, k) => k), done: false, particles, ess: 20 };

  /** A unit direction orthogonal to every particle's offset from their mean (Gram-Schmidt against their span). */
  function outsideSpan(): number[] {
    const mean = space.map((_, k) => particles.reduce((s, p) => s + p.values[k]!, 0) / particles.length);
    const basis: number[][] = [];
    for (const p of particles) {
      let v = p.values.map((x, k) => x - mean[k]!);
      for (const b of basis) {
        const dot = v.reduce((s, x, k) => s + x * b[k]!, 0);
        v = v.map((x, k) => x - dot * b[k]!);
      }
      const norm = Math.hypot(...v);
      if (norm > 1e-9) basis.push(v.map((x) => x / norm));
    }
    let u = space.map((_, k) => Math.sin(k + 1));
    for (const b of basis) {
      const dot = u.reduce((s, x, k) => s + x * b[k]!, 0);
      u = u.map((x, k) => x - dot * b[k]!);
    }
    const norm = Math.hypot(...u);
    return u.map((x) => x / norm);
  }

  for (const kernel of KERNELS) {
    it(`the ${kernel} kernel perturbs in every direction, also those outside the particles' span`, () => {
      const settings = { ...DEFAULT_ABC, kernel };
      const mixture = mixtureOf(settings, space, population);
      const u = outsideSpan();
      const draws = seedrandom('draws');
      const along = (centre: number) => {
        const ys = Array.from({ length: 2000 }, () => mixture.draw(centre, draws).reduce((s, x, k) => s + (x - mixture.centres[centre]![k]!) * u[k]!, 0));
        return ys.reduce((s, y) => s + y * y, 0) / ys.length;
      };
      // The particles' own spread per coordinate: uniform draws, about 1/12.
      const spread = space.reduce((s, _, k) => {
        const m = particles.reduce((a, p) => a + p.values[k]!, 0) / particles.length;
        return s + particles.reduce((a, p) => a + (p.values[k]! - m) ** 2, 0) / particles.length;
      }, 0) / d;
      for (const centre of [0, 7, 19]) expect(along(centre), `kernel ${kernel}, centre ${centre}`).toBeGreaterThan(spread / 4);
    });
  }

  it('with inert controls moved beside ~60 parameters, every read parameter reads pinned and an inert one seldom does', () => {
    const priors = withControls(unitBox(MANY_DIMENSIONS));
    const falsePinned: number[] = [];
    const withoutControls: number[] = [];
    for (const seed of [1, 2, 3]) {
      const history = runAbc({ ...DEFAULT_ABC, seed, kernel: 'olcm', screen: false, minAcceptance: 0.02 }, priors, manyInertDistance(seed), 30, 1);
      const last = history.at(-1)!;
      expect(last.epsilon, `seed ${seed}`).toBeLessThanOrEqual(1);
      const m = marginals(last, priors);
      for (const r of m.slice(0, MANY_READ)) expect(r.verdict, `seed ${seed}: ${r.path} width ${r.widthRatio.toFixed(2)}`).toBe('pinned');
      expect(m.filter((r) => r.control).map((r) => r.verdict)).toEqual(new Array(CONTROL_COUNT).fill('inert control'));
      const inert = m.slice(MANY_READ, MANY_DIMENSIONS);
      falsePinned.push(inert.filter((r) => r.pinned).length / inert.length);
      withoutControls.push(inert.filter((r) => r.widthRatio < PINNED_BELOW).length / inert.length);
    }
    // An inert parameter is as likely as any control to be the narrowest of them: about 1 in CONTROL_COUNT + 1.
    const share = falsePinned.reduce((s, v) => s + v, 0) / falsePinned.length;
    expect(share, `inert read pinned: ${falsePinned.map((v) => v.toFixed(2)).join(' ')}`).toBeLessThan(2 / (CONTROL_COUNT + 1));
    // The bar of PINNED_BELOW alone would call more of them pinned.
    expect(withoutControls.reduce((s, v) => s + v, 0) / withoutControls.length).toBeGreaterThan(share);
  });
});
