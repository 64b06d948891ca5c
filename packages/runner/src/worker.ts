// The pool's worker: runs one task at a time.
import { ConfigError } from '@shopsim/core';
import { runTask, type RunTask, type WorkerReply } from './task.ts';

// A run the model refuses (e.g. its numbers overflowed) comes back as data:
// an error's class does not survive the thread boundary, and the CLI must
// still say which setting to fix, on one line, with exit 2.
export default async function work(task: RunTask): Promise<WorkerReply> {
  try {
    return await runTask(task);
  } catch (err) {
    if (err instanceof ConfigError) return { refused: err.issues };
    throw err;
  }
}
