// What `shopsim studio` puts into the page beside the code: the base scenario
// and the plain names of KPIs and daily series (from the CLI's glossary, so
// the studio reads like the reports), and the lever controls derived from
// the scenario schema, so the page itself needs neither the schema nor the loader.
import type { KpiRow } from '@shopsim/core';
import type { Behaviours } from '@shopsim/runner/behaviours';
import type { LeverRow } from './lever-rows.ts';

/** A KPI's facts from core's KPI_ROWS, as the CLI's glossary gives them (percent as a plain flag, the description as its definition). */
export type KpiInfo = Pick<KpiRow, 'label' | 'unit' | 'digits' | 'better'> & { percent: boolean; definition: string };

export interface DailyInfo {
  label: string;
  axis: string;
  percent: boolean;
}

export interface StudioData {
  /** The base file as the user named it (shown), and its name for `extends:` in a saved what-if beside it. */
  file: string;
  extendsPath: string;
  /** The base scenario, extends chain merged in and built-in values filled in, as YAML (what the workers load)... */
  text: string;
  /** ...and as data (what the controls show). */
  doc: Record<string, unknown>;
  levers: LeverRow[];
  /** The behaviour ensemble each seed draws its member from (file as the command line names it); absent: the scenario's own behaviour. */
  behaviours?: Behaviours;
  /** Shoppers of a run unless the URL asks otherwise; absent: the scenario's own. */
  shoppers?: number;
  kpis: Record<string, KpiInfo>;
  headline: string[];
  daily: Record<string, DailyInfo>;
  dailyMain: string[];
}

/** The JSON of the page data, safe inside a <script> element. */
export function pageDataJson(data: StudioData): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
