// The scenarios a calibration or check runs, each tagged with what it stands
// for: a year of the targets, or one side of a lever effect.
import type { SimConfig } from '@shopsim/core';

export interface CaseRole {
  /** The year whose level targets this scenario must reproduce. */
  year?: string;
  /** One side of a lever effect: the base or the variant. */
  leverEffect?: { id: string; role: 'base' | 'variant' };
}

export interface CalibrationCase {
  name: string;
  /** The file it came from, for messages. */
  file?: string;
  config: SimConfig;
  calibration: CaseRole;
}

/** A named parameter the calibration may change, with its bounds. */
export interface ParameterSpec {
  /** Dotted path: behaviour.<name>, behaviour.ratingCuts.<0-3>, markets.<id or *>.<trait>. */
  path: string;
  lo: number;
  hi: number;
}

const MARKET_TRAITS = new Set([
  'visitsPerDay', 'alternativePaymentAcceptance', 'priceSensitivity', 'deliverySensitivity',
  'expectedDeliveryDays', 'referenceDeliveryDays', 'expectedFirstResponseHours', 'toleratedResolutionDays', 'orderValue',
]);

/** Why a parameter path cannot be set on this config, or undefined when it can. */
export function parameterProblem(config: SimConfig, path: string): string | undefined {
  const parts = path.split('.');
  if (parts[0] === 'behaviour') {
    const key = parts[1] ?? '';
    if (!(key in config.behaviour)) return `"${key}" is not a behavioural parameter`;
    if (key === 'ratingCuts') {
      const i = Number(parts[2]);
      if (parts.length !== 3 || !Number.isInteger(i) || i < 0 || i > 3) return 'name one cut point: behaviour.ratingCuts.0 to .3';
    } else if (parts.length !== 2) return `behaviour.${key} has no parts`;
    return undefined;
  }
  if (parts[0] === 'markets' && parts.length === 3) {
    const [, id, trait] = parts as [string, string, string];
    if (id !== '*' && !config.markets.some((m) => m.id === id)) return `no market "${id}"`;
    if (!MARKET_TRAITS.has(trait)) return `"${trait}" is not a numeric market trait (${[...MARKET_TRAITS].join(', ')})`;
    return undefined;
  }
  return 'give behaviour.<name>, behaviour.ratingCuts.<0-3> or markets.<id or *>.<trait>';
}

/** Reads a parameter (for markets.*, the first market's value). */
export function getParameter(config: SimConfig, path: string): number {
  const parts = path.split('.');
  if (parts[0] === 'behaviour') {
    if (parts[1] === 'ratingCuts') return config.behaviour.ratingCuts[Number(parts[2])]!;
    return config.behaviour[parts[1] as keyof SimConfig['behaviour']] as number;
  }
  const market = parts[1] === '*' ? config.markets[0] : config.markets.find((m) => m.id === parts[1]);
  return (market as unknown as Record<string, number>)[parts[2]!]!;
}

/** A copy of the config with the parameters set. */
export function withParameters(config: SimConfig, values: Record<string, number>): SimConfig {
  const out: SimConfig = {
    ...config,
    behaviour: { ...config.behaviour, ratingCuts: [...config.behaviour.ratingCuts] },
    markets: config.markets.map((m) => ({ ...m })),
  };
  for (const [path, value] of Object.entries(values)) {
    const parts = path.split('.');
    if (parts[0] === 'behaviour') {
      if (parts[1] === 'ratingCuts') out.behaviour.ratingCuts[Number(parts[2])] = value;
      else (out.behaviour as unknown as Record<string, number>)[parts[1]!] = value;
    } else {
      for (const m of out.markets) if (parts[1] === '*' || m.id === parts[1]) (m as unknown as Record<string, number>)[parts[2]!] = value;
    }
  }
  return out;
}
