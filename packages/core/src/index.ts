export type {
  Behaviour, CalendarPeriod, Compensation, AfterSales, DayValue, DaysRange, Disruption, Festival,
  FulfilmentMode, Intervention, LeverPatch, Levers, Market, Membership, PaymentMethodOffer,
  SimConfig, TimelineEvent,
} from './config.ts';
export { simulate, type SimResult, type SimulateOptions, type DailyRow, type WindowKpis } from './simulate.ts';
export { KPI_NAMES, type Kpis } from './kpi.ts';
export { validateConfig, assertValidConfig, checkConfig, isValidConfig, ConfigError, RUN_LIMITS, type ConfigIssue, type ValidConfig } from './validate.ts';
export { OverflowError } from './overflow.ts';
export { applyLeverPatch } from './levers.ts';
export { Population, orderSlotsOf } from './population.ts';
// The engine itself, for tools that time set-up and stepping apart (bench/).
export { Engine } from './engine.ts';
export { defaultScenario, DEFAULT_BEHAVIOUR, LEVERS_2024, MARKETS_2024, EXPECTATIONS_2024 } from './default-scenario.ts';
export {
  LEVER_ROWS, LEVER_GROUPS, PAYMENT_ROWS, BEHAVIOUR_ROWS, MARKET_TRAIT_ROWS, RATING_CUTS, inRange, rangeText,
  type LeverRow, type PaymentRow, type BehaviourRow, type BehaviourName, type MarketTraitRow, type Unit, type Range,
} from './lever-table.ts';
export { KPI_ROWS, COUNTER_ROWS, MONEY, MONEY_NOTE, type KpiRow, type KpiName, type CounterName, type Better } from './kpi-table.ts';
export { parameterProblem, getParameter, withParameters, getPath, setPath, MARKET_TRAITS, UNSAFE_KEYS, type PathResult } from './parameters.ts';
export { closest, editDistance } from './names.ts';
