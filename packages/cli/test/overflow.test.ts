// A run whose numbers overflow (issue 16: "accepted files produce infinite
// KPIs") ends with exit 2 and one line naming the setting to fix; no
// Infinity, NaN or null KPI reaches the terminal or a file. On 042d453 these
// runs exited 0 and printed or wrote infinite costs and profits.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';

const shipped2024 = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
const tiny = ['--shoppers', '300', '--days', '20', '--quiet', '--workers', '1', '--behaviours', 'none'];
// In range (costs have no upper bound), yet a day's logistics cost is already beyond 1e308.
const HUGE = '1e308';

function expectRefusal(r: { status: number | null; stdout: string; stderr: string }, names: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(names);
  expect(r.stderr).toMatch(/bring levers\.directMail\.costPerOrder nearer 7/);
  expect(r.stderr).not.toMatch(/\n\s+at |\.ts:\d+:\d+|node:internal/);
  expect(r.stdout).not.toMatch(/Infinity|NaN/);
}

describe.concurrent('a run whose numbers overflow', () => {
  it('run: exit 2 naming the lever, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-overflow-'));
    const file = join(dir, 'costly.yaml');
    writeFileSync(file, `extends: ${shipped2024}\nname: costly\ndescription: a lever at an absurd value\nlevers: { directMail: { costPerOrder: ${HUGE} } }\n`);
    const r = await cli(['run', file, ...tiny, '--json']);
    // The first day beyond exact numbers holds one direct-mail order (1e308) or more (Infinity), as the run's orders fall.
    expectRefusal(r, /^shopsim: levers\.directMail\.costPerOrder  the run's logisticsCost reached (Infinity|1\.00e\+308) by day \d+/);
    const out = join(dir, 'out');
    expectRefusal(await cli(['run', file, ...tiny, '--out', out]), /the run's logisticsCost reached/);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it('sweep: exit 2 naming the design point and the lever; the rows kept hold finite KPIs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-overflow-')), 'sweep');
    const r = await cli(['sweep', '--set', `levers.directMail.costPerOrder=7,${HUGE}`, ...tiny, '-R', '1', '--out', out]);
    expectRefusal(r, /design point 1 \(levers\.directMail\.costPerOrder = 1e\+308\), seed 1: .*kept \d of 2 runs/);
    const rows = existsSync(join(out, 'runs.jsonl')) ? readFileSync(join(out, 'runs.jsonl'), 'utf8') : '';
    expect(rows).not.toMatch(/Infinity|NaN|"logisticsCost":null/);
  });
});
