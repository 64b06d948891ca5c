// What yargs leaves to us about flags: a value that starts with "-" (a negative
// seed, "--shard -1/3"), a flag given without its value, and a suggestion for a
// misspelt flag. Each mistake becomes one line naming the flag and the fix.
import { closest } from '@shopsim/core';
import { UserError } from './user-error.ts';

const FLAG = /^--[a-z][\w-]*$/i;

/**
 * `--shard -1/3` or `--seeds -3,4`: yargs would read "-1/3" as the short flags
 * -1, -/ and -3 ("Unknown argument: 1"). A token that starts with "-" and a
 * digit right after a long flag is that flag's value, so pass it as --flag=value.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const next = argv[i + 1];
    if (FLAG.test(token) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

/**
 * A flag typed without its value (`run --shoppers --days 5`, or last on the line)
 * reaches the command as undefined and would silently fall back to the scenario's
 * value. A number flag given text (`--shoppers lots`) reaches it as NaN.
 */
export function refuseMissingValues(argv: readonly string[], parsed: Record<string, unknown>): void {
  for (const [i, token] of argv.entries()) {
    if (token === '--') return;
    const m = /^--([a-z][\w-]*)(=(.*))?$/i.exec(token);
    if (!m) continue;
    const name = m[1]!;
    if (!Object.hasOwn(parsed, name) && !Object.hasOwn(parsed, camel(name))) continue;
    const value = Object.hasOwn(parsed, name) ? parsed[name] : parsed[camel(name)];
    if (value === undefined) throw new UserError(`--${name} needs a value`, `e.g. --${name} ${example(name)}`);
    if (typeof value === 'number' && Number.isNaN(value)) {
      const given = m[3] ?? argv[i + 1] ?? '';
      throw new UserError(`--${name} must be a number, got "${given}"`, `e.g. --${name} ${example(name)}`);
    }
  }
}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

const EXAMPLES: Record<string, string> = { shoppers: '20000', days: '90', seeds: '1,2,3', seed: '7', shard: '0/4', set: 'levers.warehouseShare=0.3,0.6', out: 'results/x' };
const example = (name: string): string => EXAMPLES[name] ?? '...';

/** yargs' usage message as our one-line error; an unknown flag gets the nearest known one. */
export function usageError(message: string, known: readonly string[]): UserError {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (!unknown) return new UserError(message, 'see shopsim --help');
  const names = unknown[1]!.split(', ');
  const suggestions = names.flatMap((n) => {
    const near = nearest(n, known);
    return near ? [`--${near} for --${n}`] : [];
  });
  return new UserError(message, suggestions.length ? `did you mean ${suggestions.join(', ')}?` : 'see shopsim <command> --help');
}

/** The known flag closest to a misspelt one, if it is close enough to be what was meant (one edit for short names). */
export function nearest(name: string, known: readonly string[]): string | undefined {
  return closest(name, known.filter((k) => k.length > 1 && k !== '$0'), 1);
}
