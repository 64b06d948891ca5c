// The scenarios the engine suite runs: the shipped 2024 scenario and the
// 2019 baseline that extends it, loaded as a user's run would load them.
import type { SimConfig } from '@shopsim/core';
import { loadScenarioFile } from '@shopsim/scenario';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

export interface BenchScenario {
  id: string;
  label: string;
  config: SimConfig;
}

const SHIPPED = [
  { id: '2024', file: 'scenarios/2024.yaml' },
  { id: '2019', file: 'scenarios/2019-baseline.yaml' },
];

export function benchScenarios(): BenchScenario[] {
  return SHIPPED.map(({ id, file }) => ({ id, label: `${id} (${file})`, config: loadScenarioFile(REPO_ROOT + file).config }));
}

/** The config with `shoppers` and `days` set (warm-up dropped when the run is shorter). */
export function sized(config: SimConfig, shoppers: number, days: number): SimConfig {
  return { ...config, shoppers, days, warmupDays: config.warmupDays < days ? config.warmupDays : 0 };
}
