// report.html: one self-contained page (charts library, data and script inlined) that a
// strategist can open offline and take to a meeting. Text parts are rendered here so they
// read even without JavaScript; the charts are drawn in the page by report-page.js.
import { MONEY_NOTE } from '@shopsim/core';
import { reportAssets } from './assets.ts';
import {
  DAILY_GLOSSARY, HEADLINE_KPIS, KPI_GLOSSARY, MAIN_DAILY_FIELDS, isKpiName, type DailyField, type KpiName,
} from './glossary.ts';
import type { Comparison, DailyMean, Manifest, MarketRef, Results, RunSummary, Stat, SweepSummary, TimelineMark } from './results.ts';
import { formatDiff, formatKpi, formatRelative, formatStat, relativeChange } from '../format.ts';
import { scenarioLetter, shortLeverNames } from './labels.ts';
import { formatParam, signLabel } from './terminal.ts';
import { isPartial, type PathReach } from '@shopsim/runner/reach';

/** Market colours, in the scenario's market order; the same market has the same colour in every chart. */
export const MARKET_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];
export const ALL_MARKETS_COLOUR = '#333333';

/** The daily series drawn in a report: the main four, then payment and shopper base. */
export const REPORT_DAILY_FIELDS: DailyField[] = [...MAIN_DAILY_FIELDS, 'paymentAbandonment', 'onTimeRate', 'activeShoppers'];

export interface MarketStyle extends MarketRef {
  colour: string;
}

/** What report-page.js reads from the page. */
export interface ReportData {
  kind: Results['kind'];
  markets: MarketStyle[];
  kpis: Record<string, { label: string; unit: string; percent: boolean; additive: boolean; definition: string; better: string | null }>;
  daily: Record<string, { label: string; axis: string; percent: boolean; additive: boolean; level?: boolean; definition: string }>;
  dailyFields: DailyField[];
  headline: string[];
  /** Interventions, festivals and disruptions, marked on the daily charts. */
  timeline: TimelineMark[];
  run?: { daily: DailyMean[] };
  compare?: { scenarios: string[]; daily: Comparison['daily']; kpis: Comparison['kpis'] };
  sweep?: {
    params: string[];
    /** Short name of each lever (the end of its path), for axes. */
    labels: Record<string, string>;
    /** Whether the points are a full grid (every combination of every lever's values). */
    grid: boolean;
    kpis: string[];
    points: SweepSummary['points'];
    sensitivity: { param: string; kpi: string; coefficient: number | null }[];
    /** How much of each KPI's variation the linear fit explains. */
    fit: { kpi: string; r2: number | null }[];
  };
}

export function renderReport(results: Results): string {
  const data = reportData(results);
  const assets = reportAssets();
  const title = reportTitle(results);
  const body = [
    header(results, title),
    nav(results),
    results.kind === 'run' ? runSections(results.run, data) : '',
    results.kind === 'compare' ? compareSections(results.compare, data) : '',
    results.kind === 'sweep' ? sweepSections(results.sweep) : '',
    glossarySection(),
    scenarioSection(results),
    manifestSection(results.manifest),
  ].join('\n');
  // The CSP forbids every network fetch: a report must never reach out, even by accident.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="generator" content="shopsim report">
<title>${esc(title)}</title>
<style>${assets.css}</style>
</head>
<body>
${body}
<script type="application/json" id="shopsim-data">${jsonForScript(data)}</script>
<script>${scriptSafe(assets.d3)}</script>
<script>${scriptSafe(assets.plot)}</script>
<script>${scriptSafe(assets.page)}</script>
</body>
</html>
`;
}

/** JSON that cannot end its <script> element early: every "<" becomes \u003c. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// Inside JavaScript, "<\/script" means the same as "</script" but does not close the element.
const scriptSafe = (code: string): string => code.replace(/<\/(script)/gi, '<\\/$1');

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function reportTitle(results: Results): string {
  switch (results.kind) {
    case 'run':
      return `shopsim run: ${results.run.scenario.name}`;
    case 'compare':
      return `shopsim comparison: ${results.compare.scenarios.map((s) => s.name).join(' vs ')}`;
    case 'sweep':
      return `shopsim sweep: ${results.sweep.params.join(' × ')}`;
  }
}

export function reportData(results: Results): ReportData {
  const markets = marketsOf(results).map((m, i) => ({ ...m, colour: MARKET_COLOURS[i % MARKET_COLOURS.length]! }));
  const kpis: ReportData['kpis'] = {};
  for (const [k, g] of Object.entries(KPI_GLOSSARY)) {
    kpis[k] = { label: g.label, unit: g.unit, percent: g.percent, additive: g.additive, definition: g.definition, better: g.better ?? null };
  }
  const data: ReportData = {
    kind: results.kind,
    markets: [{ id: 'all', name: 'All markets', colour: ALL_MARKETS_COLOUR }, ...markets],
    kpis,
    daily: { ...DAILY_GLOSSARY },
    dailyFields: REPORT_DAILY_FIELDS,
    headline: HEADLINE_KPIS,
    timeline: timelineInRun(results),
  };
  if (results.kind === 'run') data.run = { daily: trimDaily(results.run.daily) };
  if (results.kind === 'compare') {
    const c = results.compare;
    data.compare = { scenarios: c.scenarios.map((s) => s.name), daily: trimDaily(c.daily), kpis: c.kpis };
  }
  if (results.kind === 'sweep') {
    const s = results.sweep;
    data.sweep = {
      params: s.params, labels: reachedLabels(shortLeverNames(s.params), results.sensitivity?.reach ?? []), grid: isFullGrid(s), kpis: s.kpis, points: s.points,
      sensitivity: results.sensitivity?.rows ?? [], fit: results.sensitivity?.fit ?? [],
    };
  }
  return data;
}

// Events after the last simulated day (a festival in a short run) would only stretch the axis.
function timelineInRun(results: Results): TimelineMark[] {
  if (results.kind === 'sweep') return [];
  const daily: { day: number }[] = results.kind === 'run' ? results.run.daily : results.compare.daily;
  const days = daysOf(daily);
  const marks = results.kind === 'run' ? results.timeline : mergedTimeline(results.timeline, results.compare.scenarios.map((s) => s.name));
  return marks.filter((m) => m.start < days).map((m) => ({ ...m, end: Math.min(m.end, days) }));
}

// One mark per event; an event that only some scenarios have says which.
export function mergedTimeline(marks: TimelineMark[], scenarios: string[]): TimelineMark[] {
  const byEvent = new Map<string, TimelineMark[]>();
  for (const m of marks) {
    const key = JSON.stringify([m.kind, m.start, m.end, m.label]);
    byEvent.set(key, [...(byEvent.get(key) ?? []), m]);
  }
  return [...byEvent.values()].map((same) => {
    const first = same[0]!;
    if (same.length >= scenarios.length) return first;
    return { ...first, label: `${first.label} (${same.map((m) => scenarios[m.scenario]).join(', ')})` };
  });
}

function marketsOf(results: Results): MarketRef[] {
  if (results.kind === 'run') return results.run.markets;
  if (results.kind === 'compare') return results.compare.markets;
  return [];
}

/** A lever that reaches only some markets says how many in its label, as the terminal's sensitivity table does. */
function reachedLabels(labels: Record<string, string>, reach: readonly PathReach[]): Record<string, string> {
  const out = { ...labels };
  for (const r of reach.filter(isPartial)) if (out[r.path] !== undefined) out[r.path] = `${out[r.path]} (${r.markets.length} of ${r.of} markets)`;
  return out;
}

/**
 * Whether a sweep's points are every combination of its levers' values (a grid, from --set
 * lists or an experiment's factors) rather than samples (random, Latin hypercube): only a
 * grid has cells to fill and other levers to average over evenly.
 */
export function isFullGrid(s: SweepSummary): boolean {
  const distinct = s.params.map((q) => new Set(s.points.map((p) => JSON.stringify(p.params[q]))).size);
  const combinations = distinct.reduce((a, b) => a * b, 1);
  const points = new Set(s.points.map((p) => JSON.stringify(s.params.map((q) => p.params[q])))).size;
  return points === combinations;
}

// Only the fields the charts draw, to 7 significant digits: a year of daily rows stays small,
// and no chart can show a step (4 digits drew a staircase of active shoppers).
function trimDaily<T extends DailyMean>(rows: T[]): T[] {
  const keep = new Set<string>(['day', 'market', 'scenario', ...REPORT_DAILY_FIELDS]);
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (!keep.has(k)) continue;
      out[k] = typeof v === 'number' && k !== 'day' && k !== 'scenario' ? Number(v.toPrecision(7)) : v;
    }
    return out as T;
  });
}

function header(results: Results, title: string): string {
  const m = results.manifest ?? {};
  const facts = [...sizeFacts(results), MONEY_NOTE];
  if (typeof m.shopsim === 'string') facts.push(`shopsim ${m.shopsim}`);
  const description = results.kind === 'run' ? results.run.scenario.description : undefined;
  return `<header>
<h1>${esc(title)}</h1>
${description ? `<p class="lead">${esc(description)}</p>` : ''}
<p class="facts">${facts.map(esc).join(' · ')}. Intervals are 95% confidence intervals over replications (Student t).</p>
</header>`;
}

/**
 * Shoppers and days as the runs had them (after --shoppers/--days; the scenario text shown
 * further down may say otherwise), replications and their seeds.
 */
export function sizeFacts(results: Results): string[] {
  const seeds = (list: number[]) => `${list.length} replication${list.length === 1 ? '' : 's'} (seeds ${seedText(list)})`;
  if (results.kind === 'sweep') {
    const s = results.sweep;
    const runs = typeof s.runs === 'number' ? `${s.runs.toLocaleString('en-US')} runs` : '';
    const manifestSeeds = Array.isArray(results.manifest?.seeds) ? seeds(results.manifest.seeds as number[]) : '';
    return [`${s.points.length} design points`, runs, manifestSeeds, `${s.params.length} levers`, ...shoppersAndDays(results.manifest)].filter(Boolean);
  }
  const scenarios = results.kind === 'run' ? [results.run.scenario] : results.compare.scenarios;
  const daily = results.kind === 'run' ? results.run.daily : results.compare.daily;
  const list = results.kind === 'run' ? results.run.seeds : results.compare.seeds;
  const shoppers = [...new Set(scenarios.map((sc) => sc.shoppers))];
  const facts = results.kind === 'compare' ? [`${scenarios.length} scenarios`] : [];
  facts.push(
    shoppers.every((n) => typeof n === 'number') ? `${shoppers.map((n) => n!.toLocaleString('en-US')).join(' / ')} shoppers` : 'shoppers not recorded',
    `${daysOf(daily)} days`,
    results.kind === 'compare' ? `${seeds(list)}, paired` : seeds(list),
  );
  if (results.kind === 'run') facts.push(`${results.run.markets.length} markets`);
  return facts;
}

// A sweep's size lives in its manifest: the overrides of the command line, if any.
function shoppersAndDays(manifest: Manifest | null): string[] {
  const overrides = (manifest?.overrides ?? {}) as Record<string, unknown>;
  return [
    typeof overrides.shoppers === 'number' ? `${overrides.shoppers.toLocaleString('en-US')} shoppers` : '',
    typeof overrides.days === 'number' ? `${overrides.days} days` : '',
  ].filter(Boolean);
}

function seedText(seeds: number[]): string {
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return consecutive && seeds.length > 2 ? `${seeds[0]}..${seeds[seeds.length - 1]}` : seeds.join(', ');
}

const daysOf = (daily: { day: number }[]): number => new Set(daily.map((r) => r.day)).size;

function nav(results: Results): string {
  const links: [string, string][] = [];
  if (results.kind !== 'sweep') links.push(['kpis', 'Key results'], ['daily', 'Daily series']);
  if (results.kind === 'compare') links.push(['differences', 'Differences']);
  if (results.kind === 'sweep') links.push(['heatmap', 'Heat map'], ['tornado', 'Sensitivity']);
  links.push(['all-kpis', 'All KPIs'], ['glossary', 'Glossary'], ['scenario', 'Scenario'], ['manifest', 'Manifest']);
  return `<nav>${links.map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join('')}</nav>`;
}

function kpiName(k: string): string {
  if (!isKpiName(k)) return esc(k);
  const g = KPI_GLOSSARY[k];
  return `<span class="kpi-name" title="${esc(g.definition)}">${esc(g.label)}</span>`;
}

const unitNote = (k: string): string => (isKpiName(k) ? esc(KPI_GLOSSARY[k].unit) : '');

function marketLegend(data: ReportData): string {
  return `<div class="legend" aria-label="market colours">${data.markets
    .map((m) => `<span class="swatch"><i style="background:${m.colour}"></i>${esc(m.name)}</span>`)
    .join('')}</div>`;
}

function card(k: KpiName, value: string, extra = ''): string {
  const g = KPI_GLOSSARY[k];
  return `<div class="card${extra.includes('card-row') ? ' compared' : ''}" title="${esc(g.definition)}"><div class="card-label">${esc(g.label)}</div><div class="card-value">${value}</div><div class="card-unit">${esc(g.unit)}</div>${extra}</div>`;
}

function ciNote(s: Stat | undefined, k: KpiName): string {
  if (!s || s.n < 2 || s.lo === null || s.hi === null) return '';
  return `<div class="card-ci">95% CI ${esc(formatKpi(k, s.lo))} – ${esc(formatKpi(k, s.hi))}</div>`;
}

function runSections(run: RunSummary, data: ReportData): string {
  const all = run.kpis.all ?? {};
  const cards = HEADLINE_KPIS.filter((k) => all[k]).map((k) => card(k, esc(formatKpi(k, all[k]!.mean)), ciNote(all[k], k)));
  return `<section id="kpis"><h2>Key results, all markets</h2><div class="cards">${cards.join('')}</div></section>
${dailySection(data, 'Means over replications of each day, drawn as a 7-day moving average.')}
<section id="all-kpis"><h2>All KPIs by market</h2><p class="note">Mean ± half-width of the 95% confidence interval.</p>${statTableHtml(run.kpis, run.markets)}</section>`;
}

function dailySection(data: ReportData, note: string): string {
  const figures = data.dailyFields.map((f) => {
    const g = DAILY_GLOSSARY[f];
    return `<figure class="chart" data-chart="daily" data-field="${f}"><figcaption title="${esc(g.definition)}">${esc(g.label)} <small>${esc(g.definition)}</small></figcaption></figure>`;
  });
  return `<section id="daily"><h2>Daily series by market</h2><p class="note">${esc(note)}</p>${marketLegend(data)}<div class="grid">${figures.join('')}</div></section>`;
}

function statTableHtml(kpis: Record<string, Record<string, Stat>>, markets: MarketRef[]): string {
  const columns = ['all', ...markets.map((m) => m.id)].filter((c) => kpis[c]);
  const names = Object.keys(kpis.all ?? {});
  const head = `<tr><th>KPI</th><th>unit</th>${columns.map((c) => `<th>${esc(c === 'all' ? 'All markets' : (markets.find((m) => m.id === c)?.name ?? c))}</th>`).join('')}</tr>`;
  const rows = names.map((k) => `<tr><td>${kpiName(k)}</td><td class="unit">${unitNote(k)}</td>${columns.map((c) => `<td>${esc(formatStat(k, kpis[c]?.[k]))}</td>`).join('')}</tr>`);
  return `<div class="table-wrap"><table class="by-market"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function compareSections(c: Comparison, data: ReportData): string {
  const all = c.kpis.all ?? {};
  const [base] = c.scenarios;
  const cards = HEADLINE_KPIS.filter((k) => all[k]).map((k) => {
    const entry = all[k]!;
    const rows = c.scenarios.map((s, i) => {
      const d = i > 0 ? entry.diffs[i] : null;
      const mark = d?.significant ? `<b class="${diffClass(k, d.mean)}">${(d.mean ?? 0) > 0 ? '▲' : '▼'}</b>` : '';
      return `<div class="card-row"><span>${esc(s.name)}</span><span>${esc(formatKpi(k, entry.values[i]?.mean))} ${mark}</span></div>`;
    });
    return card(k, '', rows.join(''));
  });
  const diffRows = HEADLINE_KPIS.filter((k) => all[k]).map((k) => {
    const entry = all[k]!;
    const cells = c.scenarios.slice(1).map((_, j) => {
      const d = entry.diffs[j + 1];
      const mark = d?.significant ? ` <b class="${diffClass(k, d.mean)}">${(d.mean ?? 0) > 0 ? '▲' : '▼'}*</b>` : '';
      const sign = signLabel(d);
      return `<td>${esc(formatDiff(k, d))}</td><td>${esc(formatRelative(relativeChange(entry.values[0], d)))}${mark}${sign ? ` <span class="unit">${esc(sign)}</span>` : ''}</td>`;
    });
    return `<tr><td>${kpiName(k)}</td><td class="unit">${unitNote(k)}</td>${c.scenarios.map((_, i) => `<td>${esc(formatStat(k, entry.values[i]))}</td>`).join('')}${cells.join('')}</tr>`;
  });
  const letter = (i: number) => `<abbr title="${esc(c.scenarios[i]!.name)}">${scenarioLetter(i)}</abbr>`;
  const head = `<tr><th>KPI</th><th>unit</th>${c.scenarios.map((_, i) => `<th>${letter(i)}</th>`).join('')}${c.scenarios
    .slice(1)
    .map((_, j) => `<th>${letter(j + 1)} − ${letter(0)} (95% CI)</th><th>relative to ${letter(0)}</th>`)
    .join('')}</tr>`;
  const legend = `<p class="note">${c.scenarios.map((s, i) => `<b>${scenarioLetter(i)}</b> ${esc(s.name)}`).join(' · ')}. Differences of % KPIs are in percentage points; "relative" is the difference over ${scenarioLetter(0)}'s mean.</p>`;
  const forests = HEADLINE_KPIS.filter((k) => all[k]).map(
    (k) => `<figure class="chart" data-chart="forest" data-kpi="${k}"><figcaption title="${esc(KPI_GLOSSARY[k].definition)}">${esc(KPI_GLOSSARY[k].label)} <small>${esc(KPI_GLOSSARY[k].unit)}</small></figcaption></figure>`,
  );
  return `<section id="kpis"><h2>Key results, all markets</h2><p class="note">▲/▼ marks a significant difference from ${esc(base?.name ?? 'the first scenario')} (95% CI of the paired difference excludes 0); green is the better way, red the worse.</p><div class="cards">${cards.join('')}</div>
${legend}<div class="table-wrap"><table class="compare"><thead>${head}</thead><tbody>${diffRows.join('')}</tbody></table></div></section>
<section id="differences"><h2>Differences from ${esc(base?.name ?? 'the first scenario')}, by market</h2>
<p class="note">Left: each scenario's mean with its 95% confidence interval. Right: the paired difference with its 95% CI; a filled mark is significant (the interval excludes 0). Counts and money are shown per market; their all-markets totals are in the table above.</p>${marketLegend(data)}
<p class="legend">${c.scenarios.map((s, i) => `<span>${['●', '■', '▲', '◆'][i % 4]} ${esc(s.name)}</span>`).join('')}</p>
<div class="grid wide">${forests.join('')}</div></section>
${dailySection(data, `Means over paired replications, 7-day moving average. Line style tells the scenarios apart: ${c.scenarios.map((s, i) => `${s.name} ${['solid', 'dashed', 'dotted', 'dash-dot'][i % 4]}`).join(', ')}.`)}
<section id="all-kpis"><h2>All KPIs by market</h2>${c.scenarios.map((s, i) => `<h3>${esc(s.name)}</h3>${statTableHtml(statsOfScenario(c, i), c.markets)}`).join('')}</section>`;
}

function diffClass(k: string, mean: number | null | undefined): string {
  const better = isKpiName(k) ? KPI_GLOSSARY[k].better : undefined;
  if (better === undefined || mean === null || mean === undefined) return 'neutral';
  return (better === 'higher') === mean > 0 ? 'good' : 'bad';
}

function statsOfScenario(c: Comparison, i: number): Record<string, Record<string, Stat>> {
  const out: Record<string, Record<string, Stat>> = {};
  for (const [market, table] of Object.entries(c.kpis)) {
    out[market] = {};
    for (const [k, entry] of Object.entries(table)) if (entry.values[i]) out[market][k] = entry.values[i];
  }
  return out;
}

function sweepSections(s: SweepSummary): string {
  const preferred = s.kpis.includes('csat') ? 'csat' : s.kpis[0];
  const options = s.kpis
    .map((k) => `<option value="${esc(k)}"${k === preferred ? ' selected' : ''}>${esc(isKpiName(k) ? `${KPI_GLOSSARY[k].label} (${KPI_GLOSSARY[k].unit})` : k)}</option>`)
    .join('');
  const short = shortLeverNames(s.params);
  const lever = (q: string) => `<abbr title="${esc(q)}">${esc(short[q])}</abbr>`;
  const rows = s.points.map(
    (p) => `<tr><td>${p.point}</td>${s.params.map((q) => `<td>${esc(formatParam(p.params[q]))}</td>`).join('')}${s.kpis.map((k) => `<td>${esc(formatStat(k, p.kpis[k]))}</td>`).join('')}</tr>`,
  );
  const grid = isFullGrid(s);
  const view = s.params.length < 2 ? 'the KPI against the lever, with its 95% CI' : grid
    ? `a heat map of the first two levers${s.params.length > 2 ? `, each cell the mean over every setting of ${s.params.slice(2).map((q) => short[q]).join(', ')}` : ''}`
    : 'one scatter per lever of every design point (the levers were sampled together, so each panel shows one lever while the others vary; the line is a least-squares fit)';
  const levers = `<p class="note">Levers: ${s.params.map((q) => `<b>${esc(short[q])}</b> <code>${esc(q)}</code>`).join(' · ')}</p>`;
  return `<section id="heatmap"><h2>How the KPI moves with the levers</h2>
<p class="note"><label>KPI <select id="sweep-kpi">${options}</select></label> Mean over replications at each design point: ${esc(view)}.</p>${levers}
<figure class="chart" data-chart="heatmap"><figcaption>${grid && s.params.length >= 2 ? 'Heat map' : 'KPI by lever'}</figcaption></figure></section>
<section id="tornado"><h2>Which lever matters most</h2>
<p class="note">Standardised regression coefficients: the change in the KPI, in standard deviations, for one standard deviation of the lever. Green moves the KPI the better way, red the worse.</p>
<div class="grid"><figure class="chart" data-chart="tornado"><figcaption>Tornado chart</figcaption></figure>
<figure class="chart full" data-chart="sensitivity-matrix"><figcaption>Every lever against every KPI</figcaption></figure></div></section>
<section id="all-kpis"><h2>All points</h2><div class="table-wrap"><table><thead><tr><th>point</th>${s.params.map((q) => `<th>${lever(q)}</th>`).join('')}${s.kpis.map((k) => `<th>${kpiName(k)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

function glossarySection(): string {
  const kpiRows = Object.values(KPI_GLOSSARY).map((g) => `<dt>${esc(g.label)} <small>${esc(g.unit)}</small></dt><dd>${esc(g.definition)}</dd>`);
  return `<section id="glossary"><h2>Glossary</h2><dl class="glossary">${kpiRows.join('')}</dl></section>`;
}

function scenarioSection(results: Results): string {
  const texts = results.scenarios.map((s) => `<h3>${esc(s.name)}</h3><pre>${esc(s.text)}</pre>`);
  const body = texts.length ? texts.join('') : '<p class="note">The scenario text was not recorded in this folder (the built-in scenario, or a sweep without a copy of its file).</p>';
  return `<section id="scenario"><h2>Scenario</h2>${body}</section>`;
}

function manifestSection(manifest: Manifest | null): string {
  if (!manifest) return '<section id="manifest"><h2>Manifest</h2><p class="note">No manifest.json in this folder.</p></section>';
  const facts = ['shopsim', 'gitCommit', 'node', 'command']
    .filter((k) => manifest[k] !== undefined)
    .map((k) => `<dt>${esc(k)}</dt><dd><code>${esc(typeof manifest[k] === 'string' ? manifest[k] : JSON.stringify(manifest[k]))}</code></dd>`);
  return `<section id="manifest"><h2>Manifest</h2><p class="note">What made these results, to reproduce them.</p><dl class="facts-list">${facts.join('')}</dl>
<details><summary>manifest.json</summary><pre>${esc(JSON.stringify(manifest, null, 2))}</pre></details></section>`;
}
