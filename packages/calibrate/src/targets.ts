// Calibration targets: the report's figures in a YAML file of the shape of
// targets/report-2019-2024.yaml (v1) or report-2019-2024-v2.yaml (v2: extends
// v1, adds bands, one-sided and before/after effects), validated with zod and
// flattened to a list. Every target is a passing interval in the KPI's units
// plus a scale (the unit a miss is counted in by losses and distances).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const figure = z.object({ value: z.number(), tolerance: z.number().positive() }).strict();

const yearSchema = z.object({
  inputs: z.record(z.string(), z.unknown()).optional(),
  kpis: z.record(z.string(), figure).default({}),
});

const band = z.tuple([z.number(), z.number()]);

// One shape for every way the report words an effect; interpreted by effectTargets().
const effectFigure = z
  .object({
    relative: z.number().optional(),
    absolute: z.number().optional(),
    tolerance: z.number().positive().optional(),
    band: band.optional(),
    ratio_at_least: z.number().optional(),
    ratio_at_most: z.number().optional(),
    direction: z.enum(['up', 'down']).optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    band_to: band.optional(),
  })
  .strict();

const alsoSchema = z.object({ kpi: z.string().min(1), relative: z.number(), tolerance: z.number().positive().optional(), band: band.optional() }).strict();

const effectSchema = z.object({
  id: z.string().min(1),
  year: z.string().optional(),
  market: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  change: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  kpi: z.string().min(1),
  effect: effectFigure,
  also: alsoSchema.optional(),
});

export const targetFileSchema = z.object({
  extends: z.string().min(1).optional(),
  definitions: z.record(z.string(), z.string()).optional(),
  years: z.record(z.string(), yearSchema).default({}),
  lever_effects: z.array(effectSchema).default([]),
  priors: z.record(z.string(), z.string()).optional(),
});

export type TargetFile = z.infer<typeof targetFileSchema>;

/**
 * What a target compares: a year's level; a lever effect as the variant's
 * relative change (relative), its difference (absolute); or one side's level
 * of a before/after pair (before, after).
 */
export type Measure = 'level' | 'relative' | 'absolute' | 'before' | 'after';

/** One figure the simulation must reproduce. */
export interface Target {
  kind: 'level' | 'effect';
  /** e.g. "2019 csat", "sea-local-ewallets payment_conversion". */
  id: string;
  kpi: string;
  measure: Measure;
  /** Level targets: the year. Effects: the year whose shoppers see the pair, when given. */
  year?: string;
  effectId?: string;
  /** Effects: measured in these markets (the mean over them); the whole platform when absent. */
  markets?: string[];
  /** The report's figure (a one-sided target's bound). */
  value: number;
  /** As written: absolute for levels, relative to the effect for relative effects; 0 when one-sided or banded. */
  tolerance: number;
  /** Passing means, in the KPI's (or effect's) units; one-sided targets have an infinite end. */
  range: [number, number];
  /** The unit of a miss outside the range, for losses and distances (half the range's width, or ONE_SIDED_SCALE). */
  scale: number;
}

/**
 * The largest drift between two measured windows that still counts as steady,
 * given the target's simulated mean: half the target's scale; for a one-sided
 * target met with room to spare, half its margin from the bound, when that is
 * more (two more windows drifting at that pace would still not cross the
 * bound: a one-sided target asks for a sign, and a drift that cannot change
 * the verdict does not make it unsteady). check's "not steady" and the fit's
 * drift term (distance.ts) both judge by it.
 */
export function steadyDriftOf(target: Target, mean: number): number {
  const half = target.scale / 2;
  const [lo, hi] = target.range;
  if (Number.isFinite(lo) === Number.isFinite(hi) || !Number.isFinite(mean)) return half;
  const margin = Number.isFinite(lo) ? mean - lo : hi - mean;
  return Math.max(half, margin / 2);
}

/** A one-sided effect ("orders rise") counts a miss in units of 5% of the base. */
export const ONE_SIDED_SCALE = 0.05;

/** A mistake in a targets file: shown as one line, never a stack. */
export class TargetsError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly hint?: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'TargetsError';
  }
}

const SHAPE_HINT = 'see targets/report-2019-2024.yaml and report-2019-2024-v2.yaml for the shape';

/** YAML text checked against a schema; the first problem as a one-line TargetsError naming the place. */
export function parseYamlFile<T>(schema: z.ZodType<T>, text: string, file: string, hint: string, prefix = ''): T {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new TargetsError(file, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TargetsError(file, `${prefix}${issue.path.join('.') || '(top)'}  ${issue.message}`, hint);
  }
  return parsed.data;
}

/** A file's text, or a TargetsError saying it cannot be read and what to check. */
export function readTextFile(file: string, hint: string, what = 'the targets file'): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new TargetsError(file, `cannot read ${what}`, hint);
  }
}

function parseFile(text: string, file: string): TargetFile {
  return parseYamlFile(targetFileSchema, text, file, SHAPE_HINT);
}

/**
 * Parses a targets file. `readParent` reads the file named by `extends:`
 * (relative to this one); without it, a file that extends another is refused.
 */
export function parseTargets(text: string, file = '<targets>', readParent?: (path: string) => string, seen: string[] = []): Target[] {
  const data = parseFile(text, file);
  let inherited: Target[] = [];
  if (data.extends !== undefined) {
    if (!readParent) throw new TargetsError(file, `extends ${data.extends}, which cannot be read here`, 'load the file with loadTargets');
    const parent = resolve(dirname(file), data.extends);
    if (seen.includes(parent)) throw new TargetsError(file, `extends ${data.extends} in a cycle`, 'remove the cycle of extends');
    inherited = parseTargets(readParent(parent), parent, readParent, [...seen, resolve(file)]);
  }
  const own = flattenTargets(data, file);
  const targets = [...inherited.filter((t) => !own.some((o) => o.id === t.id)), ...own];
  if (targets.length === 0) throw new TargetsError(file, 'holds no targets', 'list kpis under years.<year>.kpis or lever_effects');
  for (const t of targets) {
    if (!KPI_NAMES.has(t.kpi)) {
      throw new TargetsError(file, `${t.id}: unknown kpi "${t.kpi}"`, `one of ${[...KPI_NAMES].join(', ')}`);
    }
  }
  return targets;
}

export function loadTargets(file: string): Target[] {
  const read = (path: string): string => readTextFile(path, path === file ? 'check the path given to --targets' : 'check the extends: line');
  return parseTargets(read(file), file, read);
}

/** A level target: the year's KPI within value +- tolerance. */
export function levelTarget(year: string, kpi: string, value: number, tolerance: number): Target {
  return { kind: 'level', id: `${year} ${kpi}`, kpi, measure: 'level', year, value, tolerance, range: [value - tolerance, value + tolerance], scale: tolerance };
}

export function flattenTargets(data: TargetFile, file = '<targets>'): Target[] {
  const out: Target[] = [];
  for (const [year, y] of Object.entries(data.years)) {
    for (const [kpi, f] of Object.entries(y.kpis)) {
      out.push(levelTarget(year, kpi, f.value, f.tolerance));
    }
  }
  for (const e of data.lever_effects) out.push(...effectTargets(e, file));
  return out;
}

type EffectEntry = TargetFile['lever_effects'][number];

function effectTargets(e: EffectEntry, file: string): Target[] {
  const markets = e.market === undefined ? undefined : Array.isArray(e.market) ? e.market : [e.market];
  const common = { kind: 'effect' as const, effectId: e.id, ...(markets ? { markets } : {}), ...(e.year !== undefined ? { year: e.year } : {}) };
  const make = (kpi: string, measure: Measure, value: number, tolerance: number, range: [number, number], suffix = ''): Target => {
    const scale = Number.isFinite(range[0]) && Number.isFinite(range[1]) ? (range[1] - range[0]) / 2 : ONE_SIDED_SCALE;
    return { ...common, id: `${e.id} ${kpi}${suffix}`, kpi, measure, value, tolerance, range, scale };
  };
  const f = e.effect;
  const out: Target[] = [];
  const where = `lever_effects.${e.id}.effect`;
  if (f.relative !== undefined || f.absolute !== undefined) {
    const measure = f.relative !== undefined ? 'relative' : 'absolute';
    const value = (f.relative ?? f.absolute)!;
    const range = centred(value, f.tolerance, f.band, measure === 'relative', file, where);
    out.push(make(e.kpi, measure, value, f.band ? 0 : f.tolerance!, range));
  } else if (f.ratio_at_least !== undefined) {
    out.push(make(e.kpi, 'relative', f.ratio_at_least - 1, 0, [f.ratio_at_least - 1, Infinity]));
  } else if (f.ratio_at_most !== undefined) {
    out.push(make(e.kpi, 'relative', f.ratio_at_most - 1, 0, [-Infinity, f.ratio_at_most - 1]));
  } else if (f.direction !== undefined) {
    out.push(make(e.kpi, 'relative', 0, 0, f.direction === 'up' ? [0, Infinity] : [-Infinity, 0]));
  } else if (f.from !== undefined && f.to !== undefined) {
    if (f.tolerance !== undefined) out.push(make(e.kpi, 'before', f.from, f.tolerance, [f.from - f.tolerance, f.from + f.tolerance], ' before'));
    const to = centred(f.to, f.tolerance, f.band_to, false, file, where);
    out.push(make(e.kpi, 'after', f.to, f.band_to ? 0 : f.tolerance!, to, ' after'));
  } else {
    throw new TargetsError(file, `${where}: give relative or absolute (with tolerance or band), ratio_at_least, ratio_at_most, direction, or from and to`, SHAPE_HINT);
  }
  if (e.also) {
    const a = e.also;
    out.push(make(a.kpi, 'relative', a.relative, a.band ? 0 : (a.tolerance ?? 0), centred(a.relative, a.tolerance, a.band, true, file, `lever_effects.${e.id}.also`)));
  }
  return out;
}

/** The passing interval of a figure given as value with a tolerance (relative to it, for relative effects) or a band. */
function centred(value: number, tolerance: number | undefined, given: [number, number] | undefined, relative: boolean, file: string, where: string): [number, number] {
  if (given) {
    if (!(given[0] < given[1])) throw new TargetsError(file, `${where}: band must be [low, high]`);
    return given;
  }
  if (tolerance === undefined) throw new TargetsError(file, `${where}: give a tolerance or a band`, SHAPE_HINT);
  const half = relative ? tolerance * Math.abs(value) : tolerance;
  return [value - half, value + half];
}

/** Half the passing interval's width in the KPI's units (the scale of a one-sided target). */
export function absoluteTolerance(t: Target): number {
  return t.scale;
}

/** How far outside its passing interval a mean lies, in the target's scale (0 inside). */
export function missOf(t: Target, mean: number): number {
  if (!Number.isFinite(mean)) return Infinity;
  const [lo, hi] = t.range;
  return Math.max(0, lo - mean, mean - hi) / t.scale;
}

/** The figure a one-sided or two-sided target centres on, for signed misses. */
export function centreOf(t: Target): number {
  const [lo, hi] = t.range;
  if (Number.isFinite(lo) && Number.isFinite(hi)) return (lo + hi) / 2;
  return Number.isFinite(lo) ? lo : hi;
}

// Names of the report's KPIs; kpi-map.ts says which of them the model measures.
const KPI_NAMES = new Set([
  'csat', 'repurchase_rate', 'return_rate', 'payment_abandonment', 'payment_conversion', 'satisfied_share',
  'orders', 'gross_profit', 'gmv_per_buyer', 'days_between_orders',
]);
