import { describe, expect, it } from 'vitest';
import { progressReporter } from './progress.ts';

/** A stand-in for process.stderr that records what is written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress bar', () => {
  it('draws a bar with counts, share and an ETA on a terminal, and ends its line', () => {
    const tty = stream(true);
    const p = progressReporter({ label: 'sweep', stream: tty });
    p.update(0, 4);
    p.update(4, 4);
    p.finish();
    expect(tty.text).toMatch(/\rsweep \[#{30}\] 4\/4 100% .*ETA \d+s/);
    expect(tty.text.endsWith('\n')).toBe(true);
  });

  it('writes nothing when stderr is a pipe or a file, so logs stay clean', () => {
    const pipe = stream(false);
    const p = progressReporter({ label: 'sweep', stream: pipe });
    p.update(1, 2);
    p.update(2, 2);
    p.finish();
    expect(pipe.text).toBe('');
  });

  it('writes nothing with --quiet, even on a terminal', () => {
    const tty = stream(true);
    const p = progressReporter({ label: 'sweep', quiet: true, stream: tty });
    p.update(2, 2);
    p.finish();
    expect(tty.text).toBe('');
  });
});
