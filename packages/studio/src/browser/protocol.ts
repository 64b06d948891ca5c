// Messages between the studio page and its workers.
import type { RunResult } from './paired.ts';

export interface RunRequest {
  id: number;
  /** Name shown in a loader message, and the scenario text (the base, extends merged in). */
  file: string;
  text: string;
  /** Document path -> value: the run's size and the what-if. */
  overrides: Record<string, number>;
  seed: number;
  /** The behaviour ensemble's member for this seed (base and what-if alike), when the studio has an ensemble. */
  parameters?: Record<string, number>;
}

/** Where a worker's time went on one request (for bench/studio-browser.ts): loading the what-if (0 when cached) and the run. */
export interface WorkerTiming {
  loadMs: number;
  runMs: number;
}

export type WorkerReply = { id: number; ok: true; result: RunResult; timing: WorkerTiming } | { id: number; ok: false; message: string };

/** What boot.ts hands the app: the workers' code as a URL, and the workers it started. */
export interface StudioBoot {
  url: string;
  count: number;
  workers: Worker[];
}
