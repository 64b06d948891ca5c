// A small ensemble calibration problem for the CLI tests (ensemble.test.ts,
// slurm.test.ts): one small scenario, two targets, two parameters.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A folder with one small scenario, its targets and an ensemble file. */
export function ensembleProblem(): { dir: string; args: (out: string) => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ensemble-cli-'));
  writeFileSync(join(dir, 'small.yaml'), [
    `extends: ${relative(dir, join(root, 'scenarios/2024.yaml'))}`,
    'name: small 2024',
    'shoppers: 1000',
    'days: 60',
    'calibration: { year: "T" }',
    // The base's festival (day 314) lies beyond these 60 days: a file may not hold an event it never reaches.
    'timeline: []',
    '',
  ].join('\n'));
  // Targets on counts large enough for 1,000 shoppers over 60 days to tell the
  // prior apart (orders, checkouts), so the fit keeps going for several
  // generations however the distance weighs seed noise: CSAT and returns rest
  // on a few dozen ratings and returns, where a wider noise allowance let
  // every draw of the prior meet them at once.
  writeFileSync(join(dir, 'targets.yaml'), 'years: { "T": { kpis: { orders: { value: 50, tolerance: 2 }, payment_abandonment: { value: 0.04, tolerance: 0.005 } } } }\n');
  writeFileSync(join(dir, 'priors.yaml'), [
    'targets: targets.yaml',
    'discrepancy: 0.25',
    'parameters:',
    '  behaviour.purchaseIntercept: { range: [-6, -2], source: test }',
    '  behaviour.checkoutFriction: { range: [0.02, 0.10], source: test }',
    '',
  ].join('\n'));
  const args = (out: string) => [
    'calibrate', '--ensemble', join(dir, 'small.yaml'), '--priors', join(dir, 'priors.yaml'),
    '-R', '2', '--population', '8', '--max-generations', '2', '--quiet', '--out', out,
  ];
  return { dir, args };
}


/** The files that must match byte for byte between two runs of the same calibration. */
export const ENSEMBLE_FILES_COMPARED = ['ensemble.yaml', 'history.csv', 'particles.csv', 'marginals.md', 'pins.md'];

export function expectSameEnsemble(a: string, b: string): void {
  for (const f of ENSEMBLE_FILES_COMPARED) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
}
