// Calibration targets: the report's figures in a YAML file of the shape of
// targets/report-2019-2024.yaml, validated with zod and flattened to a list.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const figure = z.object({ value: z.number(), tolerance: z.number().positive() }).strict();

const yearSchema = z.object({
  inputs: z.record(z.string(), z.unknown()).optional(),
  kpis: z.record(z.string(), figure),
});

const effectSchema = z.object({
  id: z.string().min(1),
  market: z.string().min(1).optional(),
  change: z.string().optional(),
  kpi: z.string().min(1),
  effect: z.object({ relative: z.number(), tolerance: z.number().positive() }).strict(),
});

export const targetFileSchema = z.object({
  definitions: z.record(z.string(), z.string()).optional(),
  years: z.record(z.string(), yearSchema).default({}),
  lever_effects: z.array(effectSchema).default([]),
});

export type TargetFile = z.infer<typeof targetFileSchema>;

/** One figure the simulation must reproduce. */
export type Target =
  | {
      kind: 'level';
      /** e.g. "2019 csat". */
      id: string;
      year: string;
      kpi: string;
      value: number;
      /** Absolute: pass when |simulated - value| <= tolerance. */
      tolerance: number;
    }
  | {
      kind: 'effect';
      /** e.g. "sea-local-ewallets payment_conversion". */
      id: string;
      effectId: string;
      kpi: string;
      market?: string;
      /** Relative change variant vs base, e.g. 0.37 for +37%. */
      value: number;
      /** Relative to the effect: pass when |simulated - value| <= tolerance * |value|. */
      tolerance: number;
    };

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

export function parseTargets(text: string, file = '<targets>'): Target[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new TargetsError(file, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = targetFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TargetsError(file, `${issue.path.join('.') || '(top)'}  ${issue.message}`, 'see targets/report-2019-2024.yaml for the shape');
  }
  const targets = flattenTargets(parsed.data);
  if (targets.length === 0) throw new TargetsError(file, 'holds no targets', 'list kpis under years.<year>.kpis or lever_effects');
  for (const t of targets) {
    if (!KPI_NAMES.has(t.kpi)) {
      throw new TargetsError(file, `${t.id}: unknown kpi "${t.kpi}"`, `one of ${[...KPI_NAMES].join(', ')}`);
    }
  }
  return targets;
}

export function loadTargets(file: string): Target[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new TargetsError(file, 'cannot read the targets file', 'check the path given to --targets');
  }
  return parseTargets(text, file);
}

export function flattenTargets(data: TargetFile): Target[] {
  const out: Target[] = [];
  for (const [year, y] of Object.entries(data.years)) {
    for (const [kpi, f] of Object.entries(y.kpis)) {
      out.push({ kind: 'level', id: `${year} ${kpi}`, year, kpi, value: f.value, tolerance: f.tolerance });
    }
  }
  for (const e of data.lever_effects) {
    out.push({
      kind: 'effect',
      id: `${e.id} ${e.kpi}`,
      effectId: e.id,
      kpi: e.kpi,
      ...(e.market !== undefined ? { market: e.market } : {}),
      value: e.effect.relative,
      tolerance: e.effect.tolerance,
    });
  }
  return out;
}

/** The tolerance in the KPI's own units. */
export function absoluteTolerance(t: Target): number {
  return t.kind === 'level' ? t.tolerance : t.tolerance * Math.abs(t.value);
}

// Filled by kpi-map.ts; kept here so parsing can reject unknown names.
const KPI_NAMES = new Set(['csat', 'repurchase_rate', 'return_rate', 'payment_abandonment', 'payment_conversion', 'satisfied_share']);
