// A behaviour ensemble as runs use it: members (parameter vectors with
// weights) from shopsim calibrate --ensemble. Each replication draws one
// member from its seed alone, so every scenario run on that seed gets the
// same member: the pairing of common random numbers extends to behaviours.

export interface BehaviourMember {
  weight: number;
  values: Record<string, number>;
}

export interface Behaviours {
  /** The ensemble file, for messages and manifests. */
  file?: string;
  parameters: string[];
  members: BehaviourMember[];
}

/** A share of replications agreeing on an effect's sign at or above this pins the sign. */
export const SIGN_PINNED_AT = 0.95;

/** The index of the member a replication on `seed` uses (by weight). */
export function memberIndex(behaviours: Behaviours, seed: number): number {
  return memberAt(behaviours, uniformOf(seed));
}

/** The member at share u (0 <= u < 1) of the ensemble's cumulative weight. */
function memberAt(behaviours: Behaviours, u: number): number {
  const total = behaviours.members.reduce((s, m) => s + m.weight, 0);
  let seen = 0;
  for (let i = 0; i < behaviours.members.length; i++) {
    seen += behaviours.members[i]!.weight;
    if (seen > u * total) return i;
  }
  return behaviours.members.length - 1;
}

/**
 * k members standing for the ensemble as runs draw it (by weight): those at
 * the evenly spaced shares (i + 1/2)/k of the cumulative weight (systematic
 * resampling, Kitagawa 1996, J. Comput. Graph. Stat. 5). A heavy member may be
 * picked more than once, as runs would draw it; a plain average over the picks
 * is the weighted ensemble's.
 */
export function membersByWeight(behaviours: Behaviours, k: number): number[] {
  return Array.from({ length: k }, (_, i) => memberAt(behaviours, (i + 0.5) / k));
}

export function memberFor(behaviours: Behaviours | undefined, seed: number): Record<string, number> | undefined {
  return behaviours === undefined ? undefined : behaviours.members[memberIndex(behaviours, seed)]!.values;
}

// splitmix32 of the seed: a uniform in [0, 1) that depends on nothing else.
function uniformOf(seed: number): number {
  let z = (Math.trunc(seed) ^ 0x5bd1e995) >>> 0;
  z = (z + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return z / 2 ** 32;
}

/** The task with the member of its seed set, when there is an ensemble. */
export function withMember<T extends { seed: number; parameters?: Record<string, number> }>(task: T, behaviours: Behaviours | undefined): T {
  const values = memberFor(behaviours, task.seed);
  return values === undefined ? task : { ...task, parameters: { ...values, ...task.parameters } };
}
