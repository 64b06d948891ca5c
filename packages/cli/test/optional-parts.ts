// Parts of the full suite that need software beyond Node: Debian's Chromium
// (report.html in a browser) and Slurm (a sweep as a job array). Absent on a
// developer's machine, their tests are skipped with a line saying what to
// install; in CI (CI=true, where .ci/run installs both) they run, and fail
// if the software is missing, so that CI can never pass by skipping them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export const CHROMIUM = process.env.SHOPSIM_CHROMIUM ?? '/usr/bin/chromium';

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export interface OptionalPart {
  /** What is missing and how to install it, or undefined when it is here. */
  missing: string | undefined;
}

export const chromiumPart: OptionalPart = {
  missing: existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium)`,
};

export const slurmPart: OptionalPart = {
  missing: ['sbatch', 'slurmctld', 'munged'].every(onPath) ? undefined : 'no Slurm here: sbatch, slurmctld or munged not found (apt-get install slurm-wlm munge)',
};

/**
 * describe() that runs when the part is here; otherwise, outside CI, one
 * skipped test named "skipped: <what is missing>", and in CI one failing test.
 */
export function describeWith(part: OptionalPart, name: string, body: () => void): void {
  const missing = part.missing;
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    if (process.env.CI === 'true') {
      it(`${missing}: CI runs the full suite, so this part must be installed`, () => {
        throw new Error(`CI=true but ${missing}`);
      });
    } else {
      process.stderr.write(`${name}: skipped: ${missing}\n`);
      it.skip(`skipped: ${missing}`, () => {});
    }
  });
}
