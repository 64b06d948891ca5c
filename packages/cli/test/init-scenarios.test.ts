// Getting started: `shopsim scenarios` says what the shipped files ask, `shopsim init` writes
// a file to edit that runs as it is, and `sweep FILE --set` no longer drops FILE's experiment.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '@shopsim/scenario';
import { cli } from './shopsim.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('shopsim scenarios', () => {
  it('lists every shipped scenario with the question it answers', async () => {
    const r = await cli(['scenarios', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { file: string; name: string; question: string; sweep: boolean }[];
    expect(list.map((s) => s.file.slice(s.file.lastIndexOf('/') + 1))).toContain('2024.yaml');
    const sweep = list.find((s) => s.file.endsWith('sweep-warehouse-returns.yaml'))!;
    expect(sweep.sweep).toBe(true);
    for (const s of list) expect(s.question, s.file).toMatch(/\?$/);
    const text = await cli(['scenarios'], { cwd: root });
    expect(text.stdout).toContain('scenarios/2024.yaml');
    expect(text.stdout).toContain('What do shoppers experience on a leading');
    expect(Math.max(...text.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
  });
});

describe('shopsim init', () => {
  it('writes a commented scenario that extends 2024.yaml and runs as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopsim-init-'));
    const r = await cli(['init', 'faster-refunds'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const file = join(dir, 'faster-refunds.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^extends: .*scenarios\/2024\.yaml$/m);
    expect(text).toMatch(/^# .*returnCycleDays/m);
    // Valid, and the 2024 scenario but for its name and question.
    const mine = loadScenarioFile(file);
    const base = loadScenarioFile(join(root, 'scenarios/2024.yaml'));
    expect(mine.name).toBe('faster-refunds');
    expect(JSON.stringify(mine.config.markets)).toBe(JSON.stringify(base.config.markets));
    const again = await cli(['init', 'faster-refunds'], { cwd: dir });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
  });
});

describe('sweep FILE --set', () => {
  // 042d453 ran the --set grid alone and silently dropped the file's experiment and replications.
  it('refuses to replace the file\'s experiment', async () => {
    const r = await cli(['sweep', join(root, 'scenarios/sweep-warehouse-returns.yaml'), '--set', 'levers.priceIndex=0.9,1.1', '--out', join(tmpdir(), 'never-written-sweep')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/has an experiment, and --set would replace it/);
  });
});
