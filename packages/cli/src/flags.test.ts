import { describe, expect, it } from 'vitest';
import { joinNegativeValues, nearest, refuseMissingValues, usageError } from './flags.ts';
import { parseSeeds } from './commands/replication-options.ts';
import { seedList } from './commands/check.ts';

describe('--seeds, the one grammar of every command', () => {
  it('reads lists and ranges', () => {
    expect(parseSeeds('3,8,11')).toEqual([3, 8, 11]);
    expect(parseSeeds('1..4')).toEqual([1, 2, 3, 4]);
    expect(parseSeeds(' 1..2, 9 ,-4')).toEqual([1, 2, 9, -4]);
  });

  // On 042d453 "" ran seed 0 and "1,,2" ran seeds 1, 0, 2: Number('') is 0.
  it.each([
    ['', /--seeds is empty/],
    ['  ', /--seeds is empty/],
    ['1,,2', /empty entry \(number 2\)/],
    ['1,2,', /empty entry \(number 3\)/],
    ['1.5', /"1.5" is not a whole number/],
    ['0x10', /"0x10" is not a whole number/],
    ['5..1', /runs backwards/],
    ['1,2,1', /repeats a seed/],
    ['1..3,2', /repeats a seed/],
  ])('refuses %j', (text, message) => {
    expect(() => parseSeeds(text)).toThrow(message);
  });
});

describe('--seeds in check and calibrate', () => {
  // 042d453 read --seeds there as a count: `check --seeds 1,2,3` answered "got NaN".
  it('is the same list as in run, compare and sweep; -R counts', () => {
    const scenarios: string[] = [];
    expect(seedList({ scenarios, seeds: '1,2,3' }, 10)).toEqual([1, 2, 3]);
    expect(seedList({ scenarios, seeds: '4..6,9' }, 10)).toEqual([4, 5, 6, 9]);
    expect(seedList({ scenarios, replications: 3 }, 10)).toEqual([1, 2, 3]);
    expect(seedList({ scenarios }, 4)).toEqual([1, 2, 3, 4]);
  });
});

describe('flag values', () => {
  it('passes a value that starts with a minus to its flag', () => {
    expect(joinNegativeValues(['sweep', '--shard', '-1/3', '--seed', '-5', '-R', '2'])).toEqual(['sweep', '--shard=-1/3', '--seed=-5', '-R', '2']);
  });

  it('refuses a flag given without its value, or text for a number', () => {
    expect(() => refuseMissingValues(['run', '--shoppers', '--days', '5'], { shoppers: undefined, days: 5 })).toThrow('--shoppers needs a value');
    expect(() => refuseMissingValues(['run', '--design-seed'], { 'design-seed': undefined, designSeed: undefined })).toThrow('--design-seed needs a value');
    expect(() => refuseMissingValues(['run', '--days=many'], { days: Number.NaN })).toThrow('--days must be a number, got "many"');
    expect(() => refuseMissingValues(['run', 'file.yaml', '--days', '5'], { file: undefined, days: 5 })).not.toThrow();
  });

  it('suggests the nearest flag for a misspelt one, and nothing for a made-up one', () => {
    const known = ['shoppers', 'days', 'seeds', 'seed', 'replications', 'R', 'out', 'force'];
    expect(nearest('shopers', known)).toBe('shoppers');
    expect(nearest('replicatoins', known)).toBe('replications');
    expect(nearest('zzzzzz', known)).toBeUndefined();
    expect(usageError('Unknown argument: dayz', known).hint).toBe('did you mean --days for --dayz?');
  });
});
