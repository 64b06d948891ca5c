// @shopsim/studio: the what-if page of `shopsim studio`, built for the browser.
export { studioAssets, studioPage, type StudioAssets } from './build.ts';
export type { StudioData, KpiInfo, DailyInfo } from './browser/page-data.ts';
export { LEVER_GROUPS, type LeverRow, type LeverGroup } from './browser/lever-rows.ts';
export { leverRows } from './levers.ts';
