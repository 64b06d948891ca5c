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

export type WorkerReply = { id: number; ok: true; result: RunResult } | { id: number; ok: false; message: string };
