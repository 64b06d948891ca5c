// @shopsim/bench: benchmark suites with a same-run reference kernel, and the regression gate.
export { runBench, reportOf, checkGoals, SUITE_IDS, type BenchOptions } from './run.ts';
export { benchAgainstBaseline, compareWithBaseline, suitesToConfirm, DEFAULT_THRESHOLD, type Comparison, type Change } from './gate.ts';
export { mergeResults, summarise, type BenchReport, type BenchResult, type GoalCheck } from './report.ts';
export { resultsTable, goalsTable, comparisonTable } from './format.ts';
export { aleaDraws } from './reference.ts';
export { benchAgainstCheckout, spawnMeasure, binOf, sideOrder, type MeasureSide, type SideName } from './against.ts';
export { REPO_ROOT } from './scenarios.ts';
