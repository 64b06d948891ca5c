// mathjs as a script of its own, run in a worker only when a
// scenario has a formula (shims/worker-node-module.cjs): it is 60% of the
// worker's code, and a worker that needs no formula starts without parsing it.
import * as mathjs from 'mathjs';

(globalThis as unknown as { studioMathjs: typeof mathjs }).studioMathjs = mathjs;
