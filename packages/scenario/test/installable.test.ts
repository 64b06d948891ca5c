// The README's library API from a user's own project, outside the workspace: on 042d453
// `import { simulate } from '@shopsim/core'` failed there with ERR_MODULE_NOT_FOUND (the
// packages pointed at TypeScript sources and resolved only inside the workspace).
// Built to dist/ with types, packed with `pnpm pack` (npm pack would neither apply
// publishConfig.exports nor turn workspace:* into versions), installed with npm into a
// temporary folder, then imported by a script and type-checked by a consumer .ts file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'shopsim-installable-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, `${command} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('@shopsim/core and @shopsim/scenario as installed packages', () => {
  it('build, pack, install outside the workspace, import and type-check', () => {
    const tarballs = join(work, 'tgz');
    for (const pkg of ['core', 'scenario']) run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], join(root, 'packages', pkg));
    // Both packed by one pnpm (starting pnpm through npx costs seconds).
    run('npx', ['-y', 'pnpm@10.34.9', '-r', '--filter', '@shopsim/core', '--filter', '@shopsim/scenario', 'pack', '--pack-destination', tarballs], root);
    const app = join(work, 'app');
    run('mkdir', ['-p', app], work);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', ...readdirSync(tarballs).map((f) => join(tarballs, f))], app);

    writeFileSync(join(app, 'main.mjs'), `
import { simulate, defaultScenario } from '@shopsim/core';
import { loadScenarioFile } from '@shopsim/scenario';
const a = simulate({ ...defaultScenario(), shoppers: 500, days: 10 }, { seed: 3, daily: false });
const b = simulate({ ...defaultScenario(), shoppers: 500, days: 10 }, { seed: 3, daily: false });
const s = loadScenarioFile(process.argv[2]);
console.log(JSON.stringify({ same: JSON.stringify(a.kpis) === JSON.stringify(b.kpis), visits: a.kpis.visits, name: s.name, markets: s.config.markets.length }));
`);
    const out = JSON.parse(run(process.execPath, ['main.mjs', join(root, 'scenarios/2024.yaml')], app));
    expect(out).toMatchObject({ same: true, name: '2024 leading platform', markets: 6 });
    expect(out.visits).toBeGreaterThan(0);

    writeFileSync(join(app, 'check.ts'), `
import { simulate, defaultScenario, type SimConfig, type SimResult } from '@shopsim/core';
import { loadScenarioFile, type Scenario } from '@shopsim/scenario';
const config: SimConfig = { ...defaultScenario(), shoppers: 500 };
const result: SimResult = simulate(config, { seed: 3 });
const scenario: Scenario = loadScenarioFile('x.yaml');
export const orders: number = result.kpis.orders + scenario.config.days;
`);
    // A wrong type is caught: the declarations are real, not `any`. One tsc checks both files
    // (a second tsc costs its start-up again): the only error must be wrong.ts's.
    writeFileSync(join(app, 'wrong.ts'), `import { simulate } from '@shopsim/core';\nexport const n: string = simulate(1 as never).kpis.orders;\n`);
    const checked = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', 'check.ts', 'wrong.ts'], { cwd: app, encoding: 'utf8' });
    const errors = checked.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors, checked.stdout).toHaveLength(1);
    expect(errors[0]).toMatch(/^wrong\.ts\(2,14\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });
});
