// Sweep designs from the command line. `--set path=v1,v2,...` lists values,
// `--set path=lo:hi:steps` spaces a grid, `--set path=lo:hi` is a range for
// random or Latin-hypercube sampling. They become an experiment of
// @shopsim/scenario, so the command line and scenario files expand alike.
import { designPoints as experimentPoints, designSize, expandRuns, MAX_DESIGN_POINTS, MAX_GRID_STEPS, MAX_RUNS } from '@shopsim/scenario';
import type { Experiment, FactorGroup, ParamValue, Params, RunSpec } from '@shopsim/scenario';
import { InputError } from './input-error.ts';

export type DesignKind = 'grid' | 'random' | 'lhs';
export const DESIGN_KINDS: DesignKind[] = ['grid', 'random', 'lhs'];

export type ParamSet =
  | { path: string; values: ParamValue[] }
  | { path: string; steps: { from: number; to: number; steps: number } }
  | { path: string; range: { lo: number; hi: number } };

const SET_HINT = 'e.g. --set levers.warehouseShare=0.4,0.6,0.8, --set levers.priceIndex=0.9:1.1:5 (grid) or =0.9:1.1 (range for random/lhs)';

/** Parses one `--set`. */
export function parseSet(spec: string): ParamSet {
  const eq = spec.indexOf('=');
  const path = spec.slice(0, eq).trim();
  const rhs = spec.slice(eq + 1).trim();
  if (eq <= 0 || rhs === '' || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(path)) {
    throw new InputError(`--set "${spec}" is not path=values`, SET_HINT);
  }
  if (/^[^,]*:[^,]*$/.test(rhs)) {
    const parts = rhs.split(':').map(Number);
    const [from, to, steps] = parts;
    if (parts.length > 3 || parts.some((x) => !Number.isFinite(x)) || !(from! < to!)) {
      throw new InputError(`--set ${path}=${rhs}: a range is low:high (or low:high:steps), numbers, low first`, SET_HINT);
    }
    if (steps === undefined) return { path, range: { lo: from!, hi: to! } };
    if (!Number.isInteger(steps) || steps < 2 || steps > MAX_GRID_STEPS) {
      throw new InputError(`--set ${path}=${rhs}: steps must be a whole number from 2 to ${MAX_GRID_STEPS.toLocaleString('en-US')}`, SET_HINT);
    }
    return { path, steps: { from: from!, to: to!, steps } };
  }
  return { path, values: rhs.split(',').map((v) => parseValue(v.trim())) };
}

export function parseValue(text: string): ParamValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

export interface DesignOptions {
  design: DesignKind;
  /** Points to draw for random and Latin-hypercube designs. */
  samples?: number;
  /** Seed of the design's random draws. */
  seed?: number;
}

/** The experiment that a list of --set flags and a design describe. */
export function setsToExperiment(sets: ParamSet[], options: DesignOptions): Experiment {
  const paths = new Set<string>();
  for (const s of sets) {
    if (paths.has(s.path)) throw new InputError(`--set ${s.path} is given twice`, 'list all its values in one --set');
    paths.add(s.path);
  }
  return { policies: factorGroup(sets, options), combine: 'factorial', seed: options.seed ?? 1 };
}

function factorGroup(sets: ParamSet[], options: DesignOptions): FactorGroup {
  if (options.design === 'grid') {
    const grid: Record<string, ParamValue[] | { from: number; to: number; steps: number }> = {};
    for (const s of sets) {
      if ('range' in s) {
        throw new InputError(`--set ${s.path}: a grid needs values or low:high:steps, not a bare range`, 'add :steps, or use --design random or lhs with --samples N');
      }
      grid[s.path] = 'values' in s ? s.values : s.steps;
    }
    return { grid };
  }
  const n = options.samples;
  if (n === undefined || !Number.isInteger(n) || n < 1) {
    throw new InputError(`a ${options.design} design needs --samples N (a whole number from 1)`, `e.g. --design ${options.design} --samples 20`);
  }
  const ranges: Record<string, { min: number; max: number }> = {};
  for (const s of sets) {
    if (!('range' in s)) throw new InputError(`--set ${s.path}: a ${options.design} design samples ranges low:high`, `e.g. --set ${s.path}=0.2:0.8`);
    ranges[s.path] = { min: s.range.lo, max: s.range.hi };
  }
  return options.design === 'random' ? { random: { n, ranges } } : { 'latin-hypercube': { n, ranges } };
}

/** The design points (parameter assignments) of the sets. */
export function designPoints(sets: ParamSet[], options: DesignOptions): Params[] {
  return experimentPoints(setsToExperiment(sets, options));
}

/** Every design point crossed with every seed, numbered point by point. */
export function planFromSets(sets: ParamSet[], options: DesignOptions, seeds: number[]): RunSpec[] {
  const experiment = setsToExperiment(sets, options);
  checkPlanSize(designSize(experiment), seeds.length, '--set');
  return expandRuns({ seeds, experiment });
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The same limits as a scenario file's experiment, whatever asked for the
 * runs, checked before the run list is built: it is held in memory.
 */
export function checkPlanSize(points: number, seeds: number, what: string): void {
  if (points > MAX_DESIGN_POINTS) {
    throw new InputError(`${what} expands to ${fmt(points)} design points, more than ${fmt(MAX_DESIGN_POINTS)}`, 'use fewer values or steps, or a random or lhs design with --samples');
  }
  if (points * seeds > MAX_RUNS) {
    throw new InputError(
      `${what} expands to ${fmt(points * seeds)} runs (${fmt(points)} design points x ${fmt(seeds)} seeds), more than ${fmt(MAX_RUNS)}`,
      'use fewer design points or seeds, or split the sweep into several',
    );
  }
}
