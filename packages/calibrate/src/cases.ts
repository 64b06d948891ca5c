// The scenarios a calibration or check runs, each tagged with what it stands
// for: a year of the targets, or one side of a lever effect.
import type { SimConfig } from '@shopsim/core';

export interface CaseRole {
  /** The year whose level targets this scenario must reproduce. */
  year?: string;
  /** One side of a lever effect: the base or the variant. */
  leverEffect?: { id: string; role: 'base' | 'variant' };
  /** The fewest shoppers a check or fit runs this scenario on (a target read on rare events). */
  minShoppers?: number;
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

export { parameterProblem, getParameter, withParameters } from '@shopsim/core';
