import { describe, expect, it } from 'vitest';
import { memberIndex, membersByWeight, withMember, type Behaviours } from './behaviours.ts';

const ensemble: Behaviours = {
  parameters: ['behaviour.baseSatisfaction'],
  members: [0.1, 0.2, 0.3, 0.4].map((w, i) => ({ weight: w, values: { 'behaviour.baseSatisfaction': i } })),
};

describe('drawing ensemble members', () => {
  it('gives a seed the same member every time, whatever else is drawn', () => {
    const first = Array.from({ length: 50 }, (_, s) => memberIndex(ensemble, s + 1));
    const again = Array.from({ length: 50 }, (_, s) => memberIndex(ensemble, 50 - s)).reverse();
    expect(again).toEqual(first);
  });

  it('draws members in proportion to their weights', () => {
    const counts = [0, 0, 0, 0];
    const n = 20_000;
    for (let s = 1; s <= n; s++) counts[memberIndex(ensemble, s)]!++;
    // Binomial sd at most sqrt(n * 0.25) = 71 draws: 5 sd margins.
    counts.forEach((c, i) => expect(Math.abs(c - n * ensemble.members[i]!.weight)).toBeLessThan(5 * Math.sqrt(n * 0.25)));
  });

  it('picks k members in proportion to their weights, the same every time', () => {
    const picks = membersByWeight(ensemble, 10);
    expect([0, 1, 2, 3].map((i) => picks.filter((p) => p === i).length)).toEqual([1, 2, 3, 4]);
    expect(membersByWeight(ensemble, 10)).toEqual(picks);
    const light: Behaviours = { ...ensemble, members: [{ weight: 0.01, values: {} }, { weight: 0.99, values: {} }] };
    expect(membersByWeight(light, 3)).toEqual([1, 1, 1]);
  });

  it('sets the member on a task, keeping parameters the task already fixes', () => {
    const task = withMember({ seed: 3, parameters: { 'behaviour.lossAversion': 2 } }, ensemble);
    expect(task.parameters).toEqual({ ...ensemble.members[memberIndex(ensemble, 3)]!.values, 'behaviour.lossAversion': 2 });
    expect(withMember({ seed: 3 }, undefined)).toEqual({ seed: 3 });
  });
});
