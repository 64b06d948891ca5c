// runs.jsonl: one line per finished run, appended and flushed as each run
// ends. Read back in chunks (never whole), repaired when a kill tore its last
// line, and rewritten in run order through an index of byte offsets.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from './input-error.ts';
import { writeAll, writing } from './output.ts';
import type { ParamValue, RunSpec } from './scenario-source.ts';

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

/** Parses a line as JSON, with no checks: for files that are not a sweep's runs (plan.jsonl). */
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

const SUM = /,"sum":"([0-9a-f]{16})"\}$/;

/**
 * What a row of one sweep must be: each line ends with a checksum of the rest
 * and the sweep's id, so an edited, corrupted or foreign line is told apart
 * from a result; and its run number, point, replication, seed and parameters
 * must be the plan's for that run.
 */
export class RowCheck {
  constructor(readonly plan: readonly RunSpec[], readonly sweepId: string) {}

  /** The line of a row, checksum last. */
  line(row: RunRow): string {
    const body = JSON.stringify(row);
    return `${body.slice(0, -1)},"sum":"${this.sum(body)}"}\n`;
  }

  private sum(body: string): string {
    return createHash('sha256').update(this.sweepId).update('\n').update(body).digest('hex').slice(0, 16);
  }

  /** The row of a line, or an InputError saying what is wrong with it. */
  verify(line: string, where: string): RunRow {
    const m = SUM.exec(line);
    if (!m) throw badRow(`${where} has no checksum (cut short, edited, or written by an older shopsim)`);
    const body = `${line.slice(0, m.index)}}`;
    if (this.sum(body) !== m[1]) throw badRow(`${where} does not match its checksum (edited or corrupted, or from another sweep)`);
    const row = parseRow(body, where);
    const spec = Number.isInteger(row.run) ? this.plan[row.run] : undefined;
    if (spec === undefined) throw badRow(`${where}: run ${row.run} is not in this sweep's plan of ${this.plan.length} runs`);
    if (row.point !== spec.point || row.replication !== spec.replication || row.seed !== spec.seed || JSON.stringify(row.params) !== JSON.stringify(spec.params)) {
      throw badRow(`${where}: run ${row.run} does not have the plan's point, seed and parameters`);
    }
    if ((row.status !== 'ok' && row.status !== 'failed') || !validKpis(row.kpis) || typeof row.byMarket !== 'object' || row.byMarket === null || !Object.values(row.byMarket).every(validKpis)) {
      throw badRow(`${where}: run ${row.run} has a malformed status or KPI`);
    }
    return row;
  }
}

function validKpis(kpis: unknown): boolean {
  return typeof kpis === 'object' && kpis !== null && Object.values(kpis).every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)));
}

const SALVAGE_HINT = 'keep the valid rows and finish the sweep in a new folder: the same command with --resume --salvage-to NEW_FOLDER';

function badRow(message: string): InputError {
  return new InputError(message, SALVAGE_HINT);
}

/**
 * Reads the finished runs of a runs.jsonl, cutting off a bad last line (a run
 * killed mid-write) so it is redone. A bad line before good ones is
 * corruption, not a kill: refused, pointing at --salvage-to.
 */
export function recoverRuns(path: string, check: RowCheck, onRow: (row: RunRow) => void): { rows: number; tornBytes: number } {
  let rows = 0;
  let lastGood = 0;
  let lineNo = 0;
  let pendingError: InputError | null = null;
  const complete = forEachLine(path, (line, offset, length) => {
    lineNo++;
    if (pendingError) throw pendingError;
    try {
      onRow(check.verify(line, `${path} line ${lineNo}`));
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
    const fd = writing(path, () => openSync(path, 'r+'));
    try {
      writing(path, () => ftruncateSync(fd, keep));
    } finally {
      closeSync(fd);
    }
  }
  return { rows, tornBytes: size - keep };
}

/**
 * Copies the rows of `from` that pass the checks into a new runs.jsonl `to`
 * (each run once, the first valid line winning); corrupt lines are left out.
 */
export function salvageRuns(from: string, to: string, check: RowCheck): { kept: number; dropped: number; firstBad?: string } {
  const seen = new Uint8Array(check.plan.length);
  let kept = 0;
  let dropped = 0;
  let firstBad: string | undefined;
  const writer = new RunsWriter(to, check);
  try {
    let lineNo = 0;
    const complete = existsSync(from)
      ? forEachLine(from, (line) => {
          lineNo++;
          try {
            const row = check.verify(line, `line ${lineNo}`);
            if (seen[row.run]) return;
            seen[row.run] = 1;
            writer.append(row);
            kept++;
          } catch (err) {
            if (!(err instanceof InputError) || err.exitCode !== 2 || err.hint !== SALVAGE_HINT) throw err;
            dropped++;
            firstBad ??= err.message;
          }
        })
      : 0;
    if (existsSync(from) && statSync(from).size > complete) dropped++; // a torn last line
  } catch (err) {
    writer.abandon();
    throw err;
  }
  writer.close();
  return firstBad === undefined ? { kept, dropped } : { kept, dropped, firstBad };
}

/**
 * An append-only runs.jsonl: every line written whole or not at all (a line
 * cut short by a full disk is taken back); synced to disk about once a second.
 */
export class RunsWriter {
  private readonly fd: number;
  private size: number;
  private lastSync = Date.now();

  constructor(private readonly path: string, private readonly check: RowCheck) {
    this.fd = writing(path, () => openSync(path, 'a'));
    this.size = fstatSync(this.fd).size;
  }

  append(row: RunRow): void {
    const line = Buffer.from(this.check.line(row));
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

  readonly runs: number;

  constructor(private readonly check: RowCheck, readonly files: string[] = []) {
    const runs = check.plan.length;
    this.runs = runs;
    this.file = new Int32Array(runs).fill(-1);
    this.offset = new Float64Array(runs);
    this.length = new Uint32Array(runs);
  }

  /** Indexes every line of a runs.jsonl file; any line that fails the checks is refused. */
  addFile(path: string): void {
    const f = this.files.push(path) - 1;
    let lineNo = 0;
    const complete = forEachLine(path, (line, offset, length) => {
      const row = this.check.verify(line, `${path} line ${++lineNo}`);
      this.file[row.run] = f;
      this.offset[row.run] = offset;
      this.length[row.run] = length;
    });
    if (statSync(path).size > complete) throw badRow(`${path} ends with a line cut short (a run killed mid-write)`);
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
        onRow(this.check.verify(line.toString('utf8', 0, line.length - 1), `${this.files[f]}, run ${run}`), line);
      }
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  }
}

export { writeAtomically } from './output.ts';
