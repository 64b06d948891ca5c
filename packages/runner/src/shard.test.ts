import { describe, expect, it } from 'vitest';
import { inShard, parseShard } from './shard.ts';

describe('shards', () => {
  it('reads i/n', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5 });
  });

  it('takes the index from a Kubernetes Indexed Job or a Slurm job array', () => {
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '1' })).toEqual({ index: 1, count: 4 });
    // A bare auto reads the whole array: one numbered 1-4 still gives shards 0..3.
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 3, count: 4 });
    // auto/n keeps the task id, so task 3 resubmitted alone (--array=3) is still shard 3 of 8.
    expect(parseShard('auto/8', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '3', SLURM_ARRAY_TASK_COUNT: '1' })).toEqual({ index: 3, count: 8 });
  });

  it('rejects bad specs with the fix', () => {
    expect(() => parseShard('4/4', {})).toThrow(/not below the count/);
    expect(() => parseShard('1-4', {})).toThrow(/bad shard spec/);
    expect(() => parseShard('0/0', {})).toThrow(/from 1/);
    expect(() => parseShard('auto/3', {})).toThrow(/JOB_COMPLETION_INDEX/);
  });

  it('gives every run to exactly one shard', () => {
    const n = 3;
    for (let run = 0; run < 50; run++) {
      const owners = Array.from({ length: n }, (_, index) => index).filter((index) => inShard(run, { index, count: n }));
      expect(owners).toHaveLength(1);
    }
  });
});
