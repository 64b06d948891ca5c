// A progress bar with ETA on stderr, only when stderr is a terminal: logs and
// pipes stay clean, and --quiet turns it off.
export interface ProgressReporter {
  update(done: number, total: number): void;
  finish(): void;
}

export function progressReporter(options: { label: string; quiet?: boolean; stream?: NodeJS.WriteStream }): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || !stream.isTTY) return { update() {}, finish() {} };
  const start = Date.now();
  let first: { done: number; at: number } | undefined;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      // Runs done before we started (resume) say nothing about our speed.
      first ??= { done, at: now };
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      drawn = true;
      const width = 30;
      const share = total > 0 ? done / total : 1;
      const filled = Math.round(share * width);
      const rate = (done - first.done) / Math.max(1, now - first.at);
      const eta = rate > 0 ? formatSeconds((total - done) / rate / 1000) : '?';
      const elapsed = formatSeconds((now - start) / 1000);
      stream.write(`\r${options.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${(share * 100).toFixed(0)}%  ${elapsed} elapsed, ETA ${eta}\x1b[K`);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
