// The fitted parameters as a YAML fragment a scenario can `extends`.
import type { Behaviour } from '@shopsim/core';
import { stringify } from 'yaml';

export interface FragmentNote {
  targetsFile: string;
  scenarios: string[];
  loss: number;
  seeds: number[];
  shoppers: number;
}

/**
 * A `behaviour:` map with the fitted values. A fitted rating cut is written
 * with the other three cuts of `base`, since a list replaces a list.
 */
export function fragmentYaml(parameters: Record<string, number>, base: Behaviour, note: FragmentNote): string {
  const behaviour: Record<string, number | number[]> = {};
  let cuts: number[] | undefined;
  for (const [path, value] of Object.entries(parameters)) {
    const [head, key, index] = path.split('.');
    if (head !== 'behaviour' || key === undefined) throw new Error(`only behaviour.* parameters go into a fragment, got ${path}`);
    if (key === 'ratingCuts') {
      cuts ??= [...base.ratingCuts];
      cuts[Number(index)] = round(value);
    } else behaviour[key] = round(value);
  }
  if (cuts) behaviour.ratingCuts = cuts;
  const header = [
    `# Behavioural parameters fitted by shopsim calibrate against ${note.targetsFile}`,
    `# scenarios: ${note.scenarios.join(', ')}`,
    `# seeds ${note.seeds.join(',')} (common random numbers), ${note.shoppers.toLocaleString('en-US')} shoppers, loss ${note.loss.toFixed(4)}`,
    '# Use it with `extends: <this file>` in a scenario (or copy the values).',
  ];
  return `${header.join('\n')}\n${stringify({ behaviour }, { flowCollectionPadding: false })}`;
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}
