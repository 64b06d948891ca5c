import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const shipped2024 = join(root, 'scenarios/2024.yaml');
const reportTargets = join(root, 'targets/report-2019-2024.yaml');
const small = ['--shoppers', '3000', '--days', '120', '-R', '2', '--quiet'];

interface Row {
  target: string;
  simulated: number;
  status: string;
}

function rowsOf(stdout: string): Row[] {
  return JSON.parse(stdout).rows as Row[];
}

describe('shopsim check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopsim-check-'));

  // Targets built from what the shipped scenario produces on the same seeds:
  // centred on it, the check passes; moved by twice the tolerance, it fails.
  async function targetsAround(shift: number): Promise<string> {
    const measured = await cli(['check', shipped2024, '--targets', reportTargets, ...small, '--json']);
    expect(measured.status).not.toBe(2);
    const csat = rowsOf(measured.stdout).find((r) => r.target === '2024 csat')!.simulated;
    const file = join(dir, `targets-${shift}.yaml`);
    writeFileSync(file, `years:\n  "2024":\n    kpis:\n      csat: { value: ${csat + shift}, tolerance: 0.05 }\n`);
    return file;
  }

  it('exits 0 and marks the target pass when the simulated mean is within tolerance', async () => {
    const r = await cli(['check', shipped2024, '--targets', await targetsAround(0), ...small]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2024 csat .* pass/);
    expect(r.stdout).toMatch(/1 of 1 targets pass/);
  });

  it('exits 1 and marks the target FAIL when the simulated mean misses it', async () => {
    const r = await cli(['check', shipped2024, '--targets', await targetsAround(0.1), ...small]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/2024 csat .* FAIL/);
    expect(r.stdout).toMatch(/0 of 1 targets pass, 1 FAIL/);
  });

  it('refuses a calibration block that names no target, with exit 2 and no stack trace', async () => {
    const file = join(dir, 'empty-calibration.yaml');
    writeFileSync(file, `extends: ${shipped2024}\nname: empty\ncalibration: {}\n`);
    const r = await cli(['check', file, '--targets', reportTargets, ...small]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/empty-calibration\.yaml:3:1 .*does not say which target it stands for/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('does not let a scenario inherit the calibration block of the file it extends', async () => {
    const file = join(dir, 'no-calibration.yaml');
    writeFileSync(file, `extends: ${shipped2024}\nname: a variant\nlevers: { priceIndex: 1.2 }\n`);
    const r = await cli(['check', file, '--targets', reportTargets, ...small]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-calibration\.yaml: the scenario does not say which target it stands for/);
  });
});
