// The shopsim program: main() on this process's arguments. Kept apart from
// main.ts so that tests can import main() and run commands in-process.
import { hideBin } from 'yargs/helpers';
import { main } from './main.ts';

// A reader that stops early (`shopsim run | head`) closes the pipe: that is
// not an error of ours, so stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

await main(hideBin(process.argv));
