// A Web Worker of the studio: loads the scenario from its text with the
// what-if's overrides (the same loader as the command line) and runs one
// replication. Configs are kept per overrides, so a seed costs only its run.
import { simulate, withParameters, type SimConfig } from '@shopsim/core';
import { loadScenarioText, ScenarioErrors } from '@shopsim/scenario';
import type { RunResult } from './paired.ts';
import type { RunRequest, WorkerReply, WorkerTiming } from './protocol.ts';

const configs = new Map<string, SimConfig>();
const KEEP = 8;

function configFor(req: RunRequest): SimConfig {
  const key = `${req.text}\u0000${JSON.stringify(req.overrides)}`;
  let config = configs.get(key);
  if (!config) {
    config = loadScenarioText(req.file, req.text, { overrides: req.overrides }).config;
    if (configs.size >= KEEP) configs.delete(configs.keys().next().value!);
    configs.set(key, config);
  }
  return config;
}

function run(req: RunRequest, timing: WorkerTiming): RunResult {
  const t0 = performance.now();
  const loaded = configFor(req);
  const config = req.parameters ? withParameters(loaded, req.parameters) : loaded;
  const t1 = performance.now();
  const r = simulate(config, { seed: req.seed, daily: true });
  timing.loadMs = t1 - t0;
  timing.runMs = performance.now() - t1;
  // Rows come day by day, "all" first then each market: one flat array per field.
  const daily: Record<string, Float64Array> = {};
  const first = r.daily[0];
  if (first) {
    for (const field of Object.keys(first)) {
      if (field === 'day' || field === 'market') continue;
      const values = new Float64Array(r.daily.length);
      r.daily.forEach((row, i) => (values[i] = row[field as keyof typeof row] as number));
      daily[field] = values;
    }
  }
  return { seed: req.seed, kpis: r.kpis, byMarket: r.byMarket, daily };
}

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  const req = e.data;
  try {
    const timing: WorkerTiming = { loadMs: 0, runMs: 0 };
    const result = run(req, timing);
    scope.postMessage({ id: req.id, ok: true, result, timing }, Object.values(result.daily).map((a) => a.buffer as ArrayBuffer));
  } catch (err) {
    // A what-if the loader refuses reads as the command line would print it.
    const message = err instanceof ScenarioErrors ? err.errors.map((x) => `${x.path}: ${x.message}${x.hint ? ` (${x.hint})` : ''}`).join('\n') : err instanceof Error ? err.message : String(err);
    scope.postMessage({ id: req.id, ok: false, message });
  }
};
