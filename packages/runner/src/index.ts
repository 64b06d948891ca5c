export { statOf, weightedStatOf, diffStatOf, statFromMoments, studentTCdf, tCritical95, StatAccumulator, type Stat, type DiffStat } from './stats.ts';
export { InputError } from './input-error.ts';
export { loadScenario, scenarioRuns, scenarioModule, scenarioRecord, sha256, taskScenario, type LoadedScenario, type ScenarioRecord, type TaskScenario, type ParamValue, type RunSpec } from './scenario-source.ts';
export { runTask, type RunTask, type RunOutput } from './task.ts';
export { defaultWorkers, poolThreads, runPooled, runAll, type TaskOutcome } from './pool.ts';
export {
  runReplications, seedRange, loadChecked, kpiStats, meanDaily, scenarioFacts, succeeded,
  type RunSummary, type ScenarioFacts, type KpiStats, type DailyMeanRow, type MarketRef, type ScenarioInput, type ReplicationOptions,
} from './replicate.ts';
export { compareScenarios, compareRuns, compareKpis, type Comparison, type KpiComparison, type CompareOptions } from './compare.ts';
export { parseSet, parseValue, setsToExperiment, designPoints, planFromSets, checkPlanSize, DESIGN_KINDS, type DesignKind, type ParamSet, type DesignOptions } from './design.ts';
export { parseShard, inShard, shardFolderName, type Shard } from './shard.ts';
export { runSweep, readManifest, sweepId, type SweepOptions, type SweepResult } from './sweep.ts';
export { mergeShards, type MergeOptions, type MergeResult } from './merge.ts';
export { type SweepSummary, type Sensitivity } from './sweep-summary.ts';
export { reachLabel, isPartial, type PathReach } from './reach.ts';
export { type RunRow } from './runs-file.ts';
export { sqlName } from './column-name.ts';
export { readRunDaily } from './run-daily.ts';
export { buildManifest, shopsimVersion, type Manifest } from './manifest.ts';
export { prepareOutDir, resumeOutDir, openSharedOutDir, checkNewFile, writeJson, writeFileSafely, writeAtomically, writing, writeFailure, toJson } from './output.ts';
export { progressReporter, type ProgressReporter } from './progress.ts';
export { memberFor, memberIndex, membersByWeight, SIGN_PINNED_AT, type Behaviours, type BehaviourMember } from './behaviours.ts';
