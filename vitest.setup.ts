// Points the runner's pool at the worker bundled by vitest.global-setup.ts
// (read by runner/src/pool.ts, as when the CLI starts from its bundle).
import { inject } from 'vitest';

(globalThis as { shopsimWorker?: string }).shopsimWorker = inject('shopsimWorker');
