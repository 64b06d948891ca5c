// One-at-a-time sensitivity of the targets to behavioural parameters: which
// target pins which parameter, and how firmly. Each parameter moves by a
// step either way on the same seeds (common random numbers), and every
// target's change is given in units of its tolerance.
import { getParameter, withParameters, type CalibrationCase } from './cases.ts';
import { evaluateTargets, type TargetResult } from './evaluate.ts';
import { absoluteTolerance, type Target } from './targets.ts';

export interface SensitivityRow {
  path: string;
  value: number;
  /** The parameter moved from value - step to value + step. */
  step: number;
  /** Per target id: change of the simulated mean per +step, in tolerances. */
  effects: Record<string, number>;
}

export interface SensitivityOptions {
  seeds: number[];
  /** Step as a share of the parameter's value (default 0.1); parameters at 0 move by this much absolutely. */
  relativeStep?: number;
  /** Called after each parameter is done. */
  onParameter?: (done: number, total: number) => void;
}

export function sensitivity(cases: CalibrationCase[], targets: Target[], paths: string[], options: SensitivityOptions): SensitivityRow[] {
  const h = options.relativeStep ?? 0.1;
  const at = (path: string, value: number): TargetResult[] =>
    evaluateTargets(cases.map((c) => ({ ...c, config: withParameters(c.config, { [path]: value }) })), targets, { seeds: options.seeds });
  return paths.map((path, k) => {
    const value = getParameter(cases[0]!.config, path);
    const step = value === 0 ? h : Math.abs(value) * h;
    const up = at(path, value + step);
    const down = at(path, value - step);
    const effects: Record<string, number> = {};
    up.forEach((r, t) => {
      const d = down[t]!;
      if (r.simulated && d.simulated) effects[r.target.id] = (r.simulated.mean - d.simulated.mean) / 2 / absoluteTolerance(r.target);
    });
    options.onParameter?.(k + 1, paths.length);
    return { path, value, step, effects };
  });
}

/** A markdown table: parameters down, targets across. */
export function sensitivityTable(rows: SensitivityRow[], targets: Target[]): string {
  const ids = targets.map((t) => t.id).filter((id) => rows.some((r) => id in r.effects));
  const head = `| parameter | value | step | ${ids.join(' | ')} |`;
  const rule = `|---|---:|---:|${ids.map(() => '---:').join('|')}|`;
  const lines = rows.map((r) => {
    const cells = ids.map((id) => {
      const e = r.effects[id];
      return e === undefined || !Number.isFinite(e) ? '-' : `${e >= 0 ? '+' : ''}${e.toFixed(2)}`;
    });
    return `| ${r.path} | ${Number(r.value.toPrecision(4))} | ${Number(r.step.toPrecision(3))} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...lines].join('\n');
}
