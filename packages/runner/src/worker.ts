// The pool's worker: runs one task at a time.
import { runTask, type RunTask, type RunOutput } from './task.ts';

export default function work(task: RunTask): Promise<RunOutput> {
  return runTask(task);
}
