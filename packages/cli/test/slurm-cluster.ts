// The one-node Slurm cluster the Slurm tests submit to (.ci/slurm-one-node.sh).
// Starting it takes some 9 s, nearly all of it waiting for slurmd to register:
// the test run starts it in the background at its beginning (vitest.global-setup.ts),
// so that the Slurm test, which starts it itself when it is not up, rarely waits.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slurmPart } from './optional-parts.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const clusterScript = join(root, '.ci/slurm-one-node.sh');

/** Whether the controller runs: read from its pid file, as the script does (sinfo waits ~10 s for a controller that is not there). */
function controllerAlive(): boolean {
  try {
    process.kill(Number(readFileSync('/run/slurmctld.pid', 'utf8').trim()), 0);
    return true;
  } catch {
    return false;
  }
}

export const clusterUp = (): boolean =>
  controllerAlive() && spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' }).stdout?.match(/idle|mixed|allocated/) != null;

/**
 * Starts the cluster in the background when Slurm is installed and its
 * controller is not running; gives back a stop for the end of the run that
 * waits for that start to end first (never leaving daemons behind). A cluster
 * that was running before is left alone; nothing starts where Slurm is missing.
 */
export function startClusterEarly(): () => Promise<void> {
  if (slurmPart.missing !== undefined || controllerAlive()) return async () => {};
  const starting = spawn('bash', [clusterScript, 'start'], { stdio: 'ignore' });
  const ended = new Promise<void>((resolve) => {
    starting.on('close', () => resolve());
    starting.on('error', () => resolve());
  });
  return async () => {
    await ended;
    spawnSync('bash', [clusterScript, 'stop'], { stdio: 'ignore' });
  };
}
