// A mistake in what the user asked the runner to do (a shard spec, an output
// folder, a parameter path): the CLI prints it on one line and exits 2.
export class InputError extends Error {
  /** 2: the input or the place asked for is unusable; 1: the work started and could not finish (e.g. a full disk). */
  readonly exitCode: 1 | 2;

  constructor(message: string, readonly hint?: string, exitCode: 1 | 2 = 2) {
    super(message);
    this.name = 'InputError';
    this.exitCode = exitCode;
  }
}
