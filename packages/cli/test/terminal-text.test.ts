// Scenario text reaches the terminal (issue 16): a name, a key, a source line
// in an error, the raw bytes of a binary file. Escape sequences in it
// (ESC ]0;PWNED retitles the window, ESC [2J clears the screen) must not.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printable, terminalSafe } from '../src/printable.ts';
import { cli as shopsimAsync } from './shopsim.ts';

const base = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
const tiny = ['--shoppers', '50', '--days', '3', '--quiet'];
// Every C0 control but tab and newline, DEL and the C1 controls (NO_COLOR is set, so shopsim sends no colour codes).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function scenario(text: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cli-terminal-')), 'evil.yaml');
  writeFileSync(file, text);
  return file;
}

describe('printable', () => {
  it('shows control characters as \\u escapes and keeps the rest', () => {
    expect(printable('a\u001b]0;PWNED\u0007b\u001b[2J\n\u202e')).toBe('a\\u001b]0;PWNED\\u0007b\\u001b[2J\\u000a\\u202e');
    expect(printable('Ünïcödé 中文 — fine')).toBe('Ünïcödé 中文 — fine');
  });

  it('on the way to the terminal, keeps line breaks and shopsim\'s own colours only', () => {
    expect(terminalSafe('\u001b[1mbold\u001b[22m\r50%\u001b[K\n')).toBe('\u001b[1mbold\u001b[22m\r50%\u001b[K\n');
    expect(terminalSafe('x\u001b]0;PWNED\u0007\u001b[2J')).toBe('x\\u001b]0;PWNED\\u0007\\u001b[2J');
  });
});

describe.concurrent('no control character from a scenario reaches the terminal', () => {
  it.each([
    ['a scenario name (stdout)', ['run', scenario(`extends: ${base}\nname: "evil\\e]0;PWNED\\a\\e[2J"\n`), ...tiny]],
    ['an unknown key (stderr)', ['validate', scenario(`extends: ${base}\n"bad\\e[2Jkey\\e]0;PWNED\\a": 1\n`)]],
    ['a source line under an error', ['validate', scenario(`extends: ${base}\nshoppers: "\u001b]0;PWNED\u0007"\n`)]],
    ['raw bytes of a binary file', ['validate', scenario(Buffer.from([0x1b, 0x5d, 0x30, 0x3b, 0x50, 0x0a, 0x9b, 0x32, 0x4a, 0x3a, 0x20, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]))]],
    ['a --set value (stdout)', ['sweep', '--set', 'name=a\u001b[2J,b\u001b]0;PWNED\u0007', ...tiny, '--out', join(mkdtempSync(join(tmpdir(), 'cli-terminal-')), 'out')]],
  ])('%s', async (_what, args) => {
    const r = await shopsimAsync(args as string[]);
    expect(r.status === 0 || r.status === 2, r.stderr).toBe(true);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});
