// shopsim report on the terminal: tables of a results folder, colour rules, user errors.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCompareFolder, writeRunFolder } from './report-fixtures.ts';
import { cli } from './shopsim.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
// Calibrated shoppers order about once in three years on average: enough of them that every
// market has deliveries on every seed, so differences can be significant.
const SIZE = { shoppers: 10_000, days: 60, seeds: [1, 2, 3] };
let root: string;
let runDir: string;
let compareDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shopsim-report-cmd-'));
  runDir = join(root, 'run');
  compareDir = join(root, 'compare');
  writeRunFolder(runDir, SIZE);
  writeCompareFolder(compareDir, SIZE);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('shopsim run', () => {
  it('shows sparklines of orders, CSAT, delivery days and returns per market under the KPI table', async () => {
    const r = await cli(['run', '--shoppers', '1500', '--days', '40']);
    expect(r.status).toBe(0);
    const sparks = r.stdout.slice(r.stdout.indexOf('Daily series'));
    for (const title of ['Orders per day', 'CSAT (stars, 1-5)', 'Mean delivery time (days)', 'Returns per day']) expect(sparks).toContain(title);
    expect(sparks).toMatch(/europe\s+[▁▂▃▄▅▆▇█ ]{30,}/);
  });
});

describe('shopsim report', () => {
  it('prints a run as a KPI table with CIs and sparklines of the daily series', async () => {
    const r = await cli(['report', runDir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CSAT\s+stars \(1-5\)\s+\d\.\d\d ± \d\.\d\d/);
    expect(r.stdout).toContain('Orders per day');
    expect(r.stdout).toMatch(/southeast-asia\s+[▁▂▃▄▅▆▇█ ]{20,}/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('marks the significant differences of a comparison and colours them only when asked', async () => {
    const plain = await cli(['report', compareDir]);
    expect(plain.status).toBe(0);
    // Warehouses everywhere cut delivery time: a significant fall.
    expect(plain.stdout).toMatch(/Mean delivery time\s+days.*▼\*/);
    expect(plain.stdout).not.toContain('\u001b[');
    const forced = await cli(['report', compareDir], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/Mean delivery time.*\u001b\[32m▼\*/);
  });

  it('writes the report to --out and prints only its path with --quiet', async () => {
    const out = join(root, 'elsewhere.html');
    const r = await cli(['report', runDir, '--out', out, '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`report: ${out}\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('rejects a missing folder, a folder without results and broken JSON with exit 2 and one line', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const broken = join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'summary.json'), '{"kind": "run", ');
    for (const [dir, message] of [
      [join(root, 'nope'), /no results folder at .*nope/],
      [empty, /holds no shopsim results/],
      [broken, /summary\.json: not valid JSON/],
    ] as const) {
      const r = await cli(['report', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('--report on run, compare and sweep', () => {
  const size = ['--shoppers', '1500', '--days', '40', '--workers', '1', '--quiet'];

  it('writes report.html next to the results of a comparison and says where', async () => {
    const out = join(root, 'flag-compare');
    const r = await cli(['compare', 'scenarios/2019-baseline.yaml', 'scenarios/2024.yaml', '-R', '2', ...size, '--out', out, '--report'], { cwd: repoRoot });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`report: ${join(out, 'report.html')}`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('2019 baseline');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
  });

  it('writes report.html for replications of a run and for a sweep', async () => {
    const runOut = join(root, 'flag-run');
    expect((await cli(['run', '-R', '2', ...size, '--out', runOut, '--report'])).status).toBe(0);
    expect(readFileSync(join(runOut, 'report.html'), 'utf8')).toContain('"kind":"run"');
    const sweepOut = join(root, 'flag-sweep');
    const s = await cli(['sweep', '--set', 'levers.warehouseShare=0.2,0.8', ...size, '--out', sweepOut, '--report']);
    expect(s.status).toBe(0);
    expect(s.stdout).toContain('report.html');
  });

  it('refuses --report without --out before any work, with exit code 2', async () => {
    const r = await cli(['run', ...size, '--report']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--report needs --out DIR/);
    expect(r.stdout).toBe('');
  });
});
