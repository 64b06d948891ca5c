// The scenarios the engine suite runs: the built-in 2024 scenario and the
// shipped 2019 baseline (or, until that file exists, a 2019-like variant of
// the built-in one: slow direct mail, few warehouses, cards only, 45-day returns).
import { existsSync } from 'node:fs';
import { defaultScenario, type SimConfig } from '@shopsim/core';
import { loadScenarioFile } from '@shopsim/scenario';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;
export const SCENARIO_2019 = `${REPO_ROOT}scenarios/2019-baseline.yaml`;

export interface BenchScenario {
  id: string;
  label: string;
  config: SimConfig;
}

export function benchScenarios(): BenchScenario[] {
  return [
    { id: '2024', label: '2024 (built-in)', config: defaultScenario() },
    existsSync(SCENARIO_2019)
      ? { id: '2019', label: '2019 (scenarios/2019-baseline.yaml)', config: loadScenarioFile(SCENARIO_2019).config }
      : { id: '2019', label: '2019-like (derived)', config: derived2019() },
  ];
}

function derived2019(): SimConfig {
  const c = defaultScenario();
  c.name = '2019-like benchmark scenario';
  c.levers.warehouseShare = 0.1;
  c.levers.directMail = { deliveryDays: { p10: 15, p90: 25 }, promisedDays: 25, costPerOrder: 6 };
  c.levers.paymentMethods = { card: { feeShare: 0.03, failureRate: 0.06 } };
  c.levers.afterSales.returnCycleDays = 45;
  c.levers.afterSales.aiShare = 0;
  for (const m of c.markets) delete m.levers;
  return c;
}

/** The config with `shoppers` and `days` set (warm-up dropped when the run is shorter). */
export function sized(config: SimConfig, shoppers: number, days: number): SimConfig {
  return { ...config, shoppers, days, warmupDays: config.warmupDays < days ? config.warmupDays : 0 };
}
