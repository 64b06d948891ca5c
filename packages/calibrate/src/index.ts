export { parseTargets, loadTargets, flattenTargets, absoluteTolerance, TargetsError, targetFileSchema, type Target, type TargetFile } from './targets.ts';
export { reportKpi } from './kpi-map.ts';
export { withParameters, getParameter, parameterProblem, type CalibrationCase, type CaseRole, type ParameterSpec } from './cases.ts';
export { evaluateTargets, casesInUse, lossOf, type TargetResult, type EvaluateOptions } from './evaluate.ts';
export { calibrate, type CalibrateOptions, type CalibrateResult, type HistoryEntry } from './calibrate.ts';
export { latinHypercube } from './latin-hypercube.ts';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.ts';
export { fragmentYaml, type FragmentNote } from './fragment.ts';
export { targetRows, targetTable, type TargetRow } from './report.ts';
