// runs.jsonl: one line per finished run, appended and flushed as each run
// ends. Read back in chunks (never whole), repaired when a kill tore its last
// line, and rewritten in run order through an index of byte offsets.
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from './input-error.ts';
import { writeAll, writing } from './output.ts';
import type { ParamValue } from './scenario-source.ts';

/** One line of runs.jsonl. */
export interface RunRow {
  run: number;
  point: number;
  params: Record<string, ParamValue>;
  replication: number;
  seed: number;
  status: 'ok' | 'failed';
  error?: string;
  kpis: Record<string, number | null>;
  byMarket: Record<string, Record<string, number | null>>;
}

const CHUNK = 1 << 20;

/**
 * Calls `onLine` for every complete line with its byte offset and length.
 * Returns the byte length of the complete lines; anything after is a torn tail.
 */
export function forEachLine(path: string, onLine: (line: string, offset: number, length: number) => void): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let carry = Buffer.alloc(0);
    let carryOffset = 0;
    let position = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, position);
      if (n === 0) break;
      position += n;
      const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        onLine(data.toString('utf8', start, nl), carryOffset + start, nl + 1 - start);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
      carryOffset += start;
    }
    return carryOffset;
  } finally {
    closeSync(fd);
  }
}

export function parseRow(line: string, where: string): RunRow {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new InputError(`${where} is not valid JSON`, 'the file was edited or corrupted; rerun the sweep into a new folder');
  }
  if (typeof row !== 'object' || row === null || typeof (row as RunRow).run !== 'number') {
    throw new InputError(`${where} is not a run row`, 'rerun the sweep into a new folder');
  }
  return row as RunRow;
}

/**
 * Reads the finished runs of a runs.jsonl, cutting off a torn last line (a
 * run killed mid-write) so it is redone. Returns the run numbers found.
 */
export function recoverRuns(path: string, onRow: (row: RunRow) => void): { rows: number; tornBytes: number } {
  let rows = 0;
  let lastGood = 0;
  let pendingError: InputError | null = null;
  const complete = forEachLine(path, (line, offset, length) => {
    // Only the last line may be bad; a bad line followed by good ones is corruption.
    if (pendingError) throw pendingError;
    try {
      onRow(parseRow(line, `${path}, byte ${offset}`));
      rows++;
      lastGood = offset + length;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      pendingError = err;
    }
  });
  const size = statSync(path).size;
  const keep = pendingError ? lastGood : complete;
  if (keep < size) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, keep);
    } finally {
      closeSync(fd);
    }
  }
  return { rows, tornBytes: size - keep };
}

/**
 * An append-only runs.jsonl: every line written whole or not at all (a line
 * cut short by a full disk is taken back); synced to disk about once a second.
 */
export class RunsWriter {
  private readonly fd: number;
  private size: number;
  private lastSync = Date.now();

  constructor(private readonly path: string) {
    this.fd = writing(path, () => openSync(path, 'a'));
    this.size = fstatSync(this.fd).size;
  }

  append(row: RunRow): void {
    const line = Buffer.from(JSON.stringify(row) + '\n');
    try {
      writeAll(this.fd, line, this.path);
    } catch (err) {
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // the torn line is cut by the next --resume
      }
      throw err;
    }
    this.size += line.length;
    if (Date.now() - this.lastSync > 1000) {
      writing(this.path, () => fdatasyncSync(this.fd));
      this.lastSync = Date.now();
    }
  }

  close(): void {
    try {
      writing(this.path, () => fdatasyncSync(this.fd));
    } finally {
      closeSync(this.fd);
    }
  }

  /** Closes after a failure, which stays the error to report. */
  abandon(): void {
    try {
      this.close();
    } catch {
      // the first error is the one that matters
    }
  }
}

/**
 * Where each run's line lives among one or more runs.jsonl files: typed
 * arrays indexed by run number, so a 100,000-run sweep costs a few MB.
 * A run found twice keeps its last line (a later shard or resume wins).
 */
export class RunIndex {
  readonly file: Int32Array;
  readonly offset: Float64Array;
  readonly length: Uint32Array;

  constructor(readonly runs: number, readonly files: string[] = []) {
    this.file = new Int32Array(runs).fill(-1);
    this.offset = new Float64Array(runs);
    this.length = new Uint32Array(runs);
  }

  /** Indexes every line of a runs.jsonl file. */
  addFile(path: string): void {
    const f = this.files.push(path) - 1;
    forEachLine(path, (line, offset, length) => {
      const row = parseRow(line, `${path}, byte ${offset}`);
      if (!Number.isInteger(row.run) || row.run < 0 || row.run >= this.runs) {
        throw new InputError(`${path}: run ${row.run} is not in this sweep's plan of ${this.runs} runs`, 'merge only shards of the same sweep');
      }
      this.file[row.run] = f;
      this.offset[row.run] = offset;
      this.length[row.run] = length;
    });
  }

  has(run: number): boolean {
    return this.file[run]! >= 0;
  }

  /** Visits the indexed rows in run order. */
  forEachInOrder(onRow: (row: RunRow, line: Buffer) => void): void {
    const fds = this.files.map((p) => openSync(p, 'r'));
    try {
      for (let run = 0; run < this.runs; run++) {
        const f = this.file[run]!;
        if (f < 0) continue;
        const line = Buffer.allocUnsafe(this.length[run]!);
        readSync(fds[f]!, line, 0, line.length, this.offset[run]!);
        onRow(parseRow(line.toString('utf8'), `${this.files[f]}, run ${run}`), line);
      }
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  }
}

export { writeAtomically } from './output.ts';
