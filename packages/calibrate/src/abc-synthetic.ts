// Synthetic problems whose ABC posterior is known, for the proposal-kernel
// tests (abc.test.ts) and the kernel study of docs/calibration.md
// (kernel-study.ts): distances computed in closed form, no simulation.
import seedrandom from 'seedrandom';
import { advance, propose, type AbcSettings, type Population } from './abc.ts';
import type { Prior } from './priors.ts';

export const unitBox = (d: number): Prior[] => Array.from({ length: d }, (_, k) => ({ path: `behaviour.q${k}`, lo: 0, hi: 1, source: 'synthetic' }));

/** Runs propose/advance for at most `generations`, moving every parameter; stops early once the tolerance is at most `until`. */
export function runAbc(settings: AbcSettings, space: Prior[], distanceOf: (x: number[]) => number, generations: number, until = 0): Population[] {
  const history: Population[] = [];
  let population: Population | null = null;
  for (let g = 0; g < generations; g++) {
    const proposals = propose(settings, space, g, population);
    population = advance(settings, space, g, population, proposals, proposals.map(distanceOf), g === 0 ? space.map((_, k) => k) : undefined);
    history.push(population);
    if (population.epsilon <= until) break;
  }
  return history;
}

/** A thin curve through 10 dimensions: x_k = 0.5 + 0.3 sin(2 pi x_0 + 0.7 k), each within 0.02 per unit of distance. */
export const RIDGE_DIMENSIONS = 10;
export const ridgeDistance = (x: number[]): number =>
  Math.max(...x.slice(1).map((v, j) => Math.abs(v - (0.5 + 0.3 * Math.sin(2 * Math.PI * x[0]! + 0.7 * (j + 1)))) / 0.02));

export const ELLIPSE_DIMENSIONS = 8;

export interface Spread {
  /** Variance along the long axis. */
  along: number;
  /** Mean variance across it. */
  across: number;
}

export interface Ellipse {
  distance: (x: number[]) => number;
  /** Offset from the centre. */
  offset: (x: number[]) => number[];
  /** Weighted spread of offsets. */
  spread: (ys: number[][], w: number[]) => Spread;
  /** The ABC posterior's spread at tolerance eps while the ellipsoid lies inside the box: eps^2 / (d + 2) times each axis' square. */
  truth: (eps: number) => Spread;
  /** Uniform draws inside the ellipsoid of radius eps (a direction, then a radius with density r^(d-1)), the box ignored. */
  inside: (eps: number, n: number, rng: () => number) => number[][];
}

/**
 * A correlated ellipsoid in 8 dimensions: the long axis along the diagonal
 * (`long` per unit of distance), `short` across it. The ABC posterior at
 * tolerance eps is uniform inside the ellipsoid of radius eps, within the box.
 */
export function ellipse(long: number, short: number): Ellipse {
  const d = ELLIPSE_DIMENSIONS;
  const centre = Array.from({ length: d }, (_, k) => 0.45 + 0.01 * k);
  const along = (y: number[]) => y.reduce((s, v) => s + v, 0) / Math.sqrt(d);
  const offset = (x: number[]) => x.map((v, k) => v - centre[k]!);
  return {
    offset,
    distance: (x) => {
      const y = offset(x);
      const a = along(y);
      return Math.sqrt((a / long) ** 2 + (y.reduce((s, v) => s + v * v, 0) - a * a) / short ** 2);
    },
    spread: (ys, w) => {
      const total = w.reduce((s, v) => s + v, 0);
      const mean = centre.map((_, k) => ys.reduce((s, y, i) => s + w[i]! * y[k]!, 0) / total);
      const ma = along(mean);
      const va = ys.reduce((s, y, i) => s + w[i]! * (along(y) - ma) ** 2, 0) / total;
      const trace = ys.reduce((s, y, i) => s + w[i]! * y.reduce((t, v, k) => t + (v - mean[k]!) ** 2, 0), 0) / total;
      return { along: va, across: (trace - va) / (d - 1) };
    },
    truth: (eps) => ({ along: (eps * long) ** 2 / (d + 2), across: (eps * short) ** 2 / (d + 2) }),
    inside: (eps, n, rng) => {
      const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      const diagonal = centre.map(() => 1 / Math.sqrt(d));
      return Array.from({ length: n }, () => {
        const z = centre.map(normal);
        const r = (eps * Math.pow(rng(), 1 / d)) / Math.sqrt(z.reduce((s, v) => s + v * v, 0));
        const a = along(z);
        return centre.map((c, k) => c + r * (long * a * diagonal[k]! + short * (z[k]! - a * diagonal[k]!)));
      });
    },
  };
}

/** Thin: inside the box at tolerance 5 or less. */
export const THIN_ELLIPSE = ellipse(0.1, 0.01);

/** Mean and standard error. */
export function meanSe(xs: number[]): { m: number; se: number } {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
  return { m, se: sd / Math.sqrt(xs.length) };
}

/** Many inert dimensions: 50 parameters of which the distance reads the first MANY_READ, as in a fit without the screen. */
export const MANY_DIMENSIONS = 50;
export const MANY_READ = 6;

/** The distance of that problem with seed noise from its own stream: each read parameter within 0.05 of its truth per unit. */
export function manyInertDistance(seed: number): (x: number[]) => number {
  const noise = seedrandom(`noise:${seed}`);
  const truth = Array.from({ length: MANY_READ }, (_, k) => 0.3 + 0.07 * k);
  return (x) => Math.max(...truth.map((t, k) => Math.abs(x[k]! - t + 0.02 * (noise() - 0.5)) / 0.05));
}

