// A results folder reproduces: its manifest hashes and holds every file the
// scenario was read from, bases included. On 042d453 it hashed only the file
// named on the command line (editing a base changed results, not the hash),
// and a sweep folder kept no scenario text at all. It also checks the
// warning a sweep of a platform lever gives when markets set their own, and
// that the sweep's sensitivity and codebook name the markets it reaches.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';

const dir = mkdtempSync(join(tmpdir(), 'shopsim-chain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = 'name: base\ndescription: two markets\ndays: 20\nshoppers: 300\nmarkets:\n  north: { shopperShare: 0.5, orderValue: 50, paymentPreferences: { card: 1 }, levers: { warehouseShare: 0.2 } }\n  south: { shopperShare: 0.5, orderValue: 40, paymentPreferences: { card: 1 } }\n';
const CHILD = 'extends: ./base.yaml\nname: child\ndescription: dearer south\nmarkets:\n  south: { orderValue: 45 }\n';
writeFileSync(join(dir, 'base.yaml'), BASE);
writeFileSync(join(dir, 'child.yaml'), CHILD);
const child = join(dir, 'child.yaml');

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
type Manifest = { scenarios: { file: string; sha256: string; chain: { file: string; sha256: string; text: string }[] }[] };
const manifestOf = (out: string): Manifest => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));

describe('a results folder\'s manifest', () => {
  it('of run holds every file of the extends chain, hashed and in full', async () => {
    const out = join(dir, 'run');
    const r = await cli(['run', child, '-R', '2', '--out', out, '--workers', '1', '--quiet', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const [s] = manifestOf(out).scenarios;
    expect(s!.chain.map((f) => f.text)).toEqual([CHILD, BASE]);
    expect(s!.chain.map((f) => f.sha256)).toEqual([sha(CHILD), sha(BASE)]);
    expect(s!.sha256).toBe(sha(CHILD));
  });

  it('of sweep holds the scenario text too, and a lever that a market sets itself is warned about', async () => {
    const out = join(dir, 'sweep');
    const r = await cli(['sweep', child, '--set', 'levers.warehouseShare=0.3,0.6', '--out', out, '--workers', '1', '--quiet', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(manifestOf(out).scenarios[0]!.chain.map((f) => f.text)).toEqual([CHILD, BASE]);
    expect(r.stderr).toMatch(/warning: .*levers\.warehouseShare is varied for south only: north set their own/);
    // 042d453 credited the lever to the whole platform: its sensitivity, JSON and CSV codebook now say it reaches south only.
    const reach = [{ path: 'levers.warehouseShare', markets: ['south'], of: 2, shopperShare: 0.5 }];
    const { sensitivity } = JSON.parse(r.stdout);
    expect(sensitivity.reach).toEqual(reach);
    expect(new Set(sensitivity.rows.map((row: { reaches: string }) => row.reaches))).toEqual(new Set(['south only (50% of shoppers)']));
    expect(JSON.parse(readFileSync(join(out, 'sensitivity.json'), 'utf8')).reach).toEqual(reach);
    const codebook = JSON.parse(readFileSync(join(out, 'codebook.json'), 'utf8'));
    const columns = Object.values(codebook.files as Record<string, { columns: { name: string; definition: string }[] }>).flatMap((f) => f.columns).filter((c) => c.name === 'levers_warehouse_share');
    expect(columns.length).toBeGreaterThan(1); // runs.csv and long.csv
    for (const c of columns) expect(c.definition).toContain('It reaches south only (50% of shoppers)');
  });
});
