// Worker threads start as plain Node: teach this one TypeScript (tsx) before
// loading the real worker, so it runs the same under the CLI and vitest.
import { register } from 'tsx/esm/api';

register();
const { default: work } = await import('./worker.ts');
export default work;
