// @shopsim/scenario: YAML scenario files -> checked, typed SimConfig.
export {
  loadScenarioFile, loadScenarioText, loadBuiltInScenario, checkOverrides, compileDocument, resolvedDocument, builtInDocument, leverReach, sweptPathWarnings, BUILT_IN_FILE,
  type Scenario, type LoadOptions,
} from './load.ts';
export { ScenarioErrors, formatScenarioError, oneLine as scenarioErrorLine, type ScenarioError } from './errors.ts';
export { expandRuns, designPoints, designSize, MAX_DESIGN_POINTS, MAX_RUNS, MAX_GRID_STEPS, MAX_SEEDS, type Experiment, type FactorGroup, type RunSpec, type Params, type ParamValue } from './experiment.ts';
export { scenarioJsonSchema, annotatedJsonSchema } from './schema.ts';
export { compileExpression, type DayFunction } from './expression.ts';
