// A mistake in what the user asked the runner to do (a shard spec, an output
// folder, a parameter path): the CLI prints it on one line and exits 2.
export class InputError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'InputError';
  }
}
