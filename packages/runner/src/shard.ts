// Deterministic slices of a sweep for schedulers: shard i of n takes the runs
// whose number is i modulo n, so shards interleave design points and balance.
import { InputError } from './input-error.ts';

export interface Shard {
  index: number;
  count: number;
}

const SHARD_HINT = 'write --shard i/n with 0 <= i < n (e.g. --shard 0/4), or --shard auto/n inside a Kubernetes Indexed Job or Slurm job array';

/**
 * Parses `i/n`, `auto/n` or `auto`. "auto/n" takes the index from Kubernetes
 * (JOB_COMPLETION_INDEX) or Slurm (SLURM_ARRAY_TASK_ID as it is, so a task
 * resubmitted alone with --array=3 is still shard 3). A bare "auto" describes
 * the whole array of one submission: n from SLURM_ARRAY_TASK_COUNT and the
 * index counted from SLURM_ARRAY_TASK_MIN, so an array numbered 1-4 works too.
 */
export function parseShard(spec: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^(\d+|auto)(?:\/(\d+))?$/.exec(spec.trim());
  if (/^\s*-\d/.test(spec)) throw new InputError(`bad shard spec "${spec}": the shard index cannot be negative`, SHARD_HINT);
  if (!m) throw new InputError(`bad shard spec "${spec}"`, SHARD_HINT);
  const count = m[2] !== undefined ? Number(m[2]) : m[1] === 'auto' ? slurmCount(env) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1) throw new InputError(`bad shard spec "${spec}": the shard count must be a whole number from 1`, SHARD_HINT);
  const index = m[1] === 'auto' ? schedulerIndex(env, m[2] === undefined) : Number(m[1]);
  if (index >= count) throw new InputError(`bad shard spec "${spec}": shard index ${index} is not below the count ${count}`, SHARD_HINT);
  return { index, count };
}

function schedulerIndex(env: NodeJS.ProcessEnv, fromArrayMin: boolean): number {
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== '') return wholeIndex(k8s, 'JOB_COMPLETION_INDEX');
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined && slurm !== '') {
    const min = fromArrayMin && env.SLURM_ARRAY_TASK_MIN ? wholeIndex(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN') : 0;
    return wholeIndex(slurm, 'SLURM_ARRAY_TASK_ID') - min;
  }
  throw new InputError('--shard auto needs JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm job array)', 'outside a scheduler write --shard i/n');
}

function slurmCount(env: NodeJS.ProcessEnv): number {
  const n = env.SLURM_ARRAY_TASK_COUNT;
  if (n === undefined || n === '') throw new InputError('--shard auto without /n needs SLURM_ARRAY_TASK_COUNT', 'write --shard auto/n with the number of shards');
  return wholeIndex(n, 'SLURM_ARRAY_TASK_COUNT');
}

function wholeIndex(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`${name}=${text} is not a whole number`);
  return n;
}

export function inShard(run: number, shard: Shard | undefined): boolean {
  return shard === undefined || run % shard.count === shard.index;
}

export function shardFolderName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}`;
}
