// report.html of a real run and a real comparison, opened in headless Chromium
// (skipped with a message where Chromium is not installed; CI installs it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultScenario, MONEY_NOTE } from '@shopsim/core';
import { describeWith, chromiumPart } from './optional-parts.ts';
import { ARTIFACTS, chartGeometry, closeBrowser, openReport, screenshot, type OpenedReport } from './report-browser.ts';
import { warehouseScenario, writeCompareFolder, writeRunFolder } from './report-fixtures.ts';
import { cli } from './shopsim.ts';

// Enough calibrated shoppers (about 0.3 orders each a year) that every market has deliveries on every seed.
const SIZE = { shoppers: 15_000, days: 90, seeds: [1, 2, 3] };
const MARKETS = 6;

let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shopsim-report-'));
});
afterAll(async () => {
  await closeBrowser();
  rmSync(root, { recursive: true, force: true });
});

// The tests type-check without the DOM library, so elements are described by what is used.
type Node = { getAttribute(name: string): string | null; children: ArrayLike<unknown>; querySelectorAll(s: string): ArrayLike<Node> };

// Marks Observable Plot drew, by their aria-label, inside one figure.
async function markCounts(opened: OpenedReport, selector: string): Promise<Record<string, number>> {
  return opened.page.$eval(selector, (fig: Node) => {
    const counts: Record<string, number> = {};
    for (const g of Array.from(fig.querySelectorAll('svg g[aria-label]'))) {
      const label = g.getAttribute('aria-label')!;
      counts[label] = (counts[label] ?? 0) + g.children.length;
    }
    return counts;
  });
}

// The number of points of each line path in a figure.
async function linePoints(opened: OpenedReport, selector: string): Promise<number[]> {
  return opened.page.$$eval(`${selector} g[aria-label="line"] path`, (paths: Node[]) =>
    paths.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).filter((s) => s.trim()).length),
  );
}

// Every chart figure carries data-drawn="true" once Observable Plot drew it
// with data; `atLeast` says how many figures the page must have.
async function expectAllDrawn(opened: OpenedReport, atLeast?: number): Promise<void> {
  const drawn = await opened.page.$$eval('figure.chart', (fs: Node[]) => fs.map((f) => f.getAttribute('data-drawn')));
  if (atLeast !== undefined) expect(drawn.length).toBeGreaterThanOrEqual(atLeast);
  expect(drawn.every((d) => d === 'true')).toBe(true);
}

// No console errors, no network requests. The page is kept as a test artefact when it is
// not clean, or with SHOPSIM_SCREENSHOTS=1 (a full-page screenshot took a quarter of this file's time).
async function expectCleanPage(opened: OpenedReport, png: string): Promise<void> {
  const clean = opened.consoleErrors.length === 0 && opened.requests.length === 0;
  if (!clean || process.env.SHOPSIM_SCREENSHOTS === '1') await screenshot(opened.page, join(ARTIFACTS, png));
  expect(opened.consoleErrors).toEqual([]);
  expect(opened.requests).toEqual([]);
}

// Every mark of every chart inside its panel, a mark in every panel with data, no labels on
// top of each other; `panels` is how many chart panels the page must have at least.
async function expectChartsInPanels(opened: OpenedReport, panels: number): Promise<void> {
  const geometry = await chartGeometry(opened.page);
  expect(geometry.problems).toEqual([]);
  expect(geometry.panels).toBeGreaterThanOrEqual(panels);
}

describeWith(chromiumPart, 'shopsim report in a browser', () => {
  it('draws a run: KPI cards, a daily line per market, no console errors, no network', async () => {
    const dir = join(root, 'run');
    writeRunFolder(dir, SIZE);
    const r = await cli(['report', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`report: ${join(dir, 'report.html')}`);
    const opened = await openReport(join(dir, 'report.html'));
    try {
      await expectAllDrawn(opened, 4);
      // Orders: one smoothed line per market over all 90 days.
      const orders = await linePoints(opened, 'figure[data-field="orders"]');
      expect(orders).toHaveLength(MARKETS);
      expect(Math.min(...orders)).toBeGreaterThan(60);
      // CSAT is a ratio, so the all-markets line is drawn too.
      expect(await linePoints(opened, 'figure[data-field="csat"]')).toHaveLength(MARKETS + 1);
      // Axes carry units.
      const csatText = await opened.page.$eval('figure[data-field="csat"]', (f: { textContent: string | null }) => f.textContent);
      expect(csatText).toContain('CSAT (stars, 1-5)');
      expect(csatText).toContain('Day');
      // A KPI card explains itself on hover.
      const csatCard = await opened.page.$eval('.card[title*="mean posted rating"]', (c: { textContent: string | null }) => c.textContent);
      expect(csatCard).toMatch(/CSAT\s*[1-5]\.\d\d/);
      await expectChartsInPanels(opened, 7);
      // The header says how big the run was, whatever the scenario text says.
      const facts = await opened.page.$eval('.facts', (p: { textContent: string | null }) => p.textContent);
      expect(facts).toContain(`${SIZE.shoppers.toLocaleString('en-US')} shoppers`);
      expect(facts).toContain(`${SIZE.days} days`);
      expect(facts).toContain('3 replications (seeds 1..3)');
      expect(facts).toContain(MONEY_NOTE);
      await expectCleanPage(opened, 'report-run.png');
    } finally {
      await opened.close();
    }
  });

  it('draws a comparison: CI forests with significant differences filled, daily small multiples', async () => {
    const dir = join(root, 'compare');
    // Long names: 042d453 put them in the table's column titles ("B name − A name"), which
    // pushed the comparison table behind a scrollbar at 1400 px.
    writeCompareFolder(dir, SIZE, [
      { ...defaultScenario(), name: '2019 baseline of a leading cross-border platform' },
      { ...warehouseScenario(), name: '2024 leading platform with overseas warehouses' },
    ]);
    const r = await cli(['report', dir, '--quiet']);
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    // The scenario text is shown as text, never as markup or an early end of a script.
    expect(html).toContain('&#60;b&#62;not bold&#60;/b&#62;');
    const opened = await openReport(join(dir, 'report.html'));
    try {
      await expectAllDrawn(opened);
      // Delivery time: both scenarios' means with CIs for all markets and each market (7 x 2),
      // and one paired difference per market, each drawn as a dot and a CI rule.
      const delivery = await markCounts(opened, 'figure[data-kpi="meanDeliveryDays"]');
      expect(delivery.dot).toBe((MARKETS + 1) * 3);
      expect(delivery.rule).toBeGreaterThanOrEqual((MARKETS + 1) * 3);
      // Warehouses cut delivery time for all markets significantly: its difference dot is filled.
      const allMarketsDiffFill = await opened.page.$eval('figure[data-kpi="meanDeliveryDays"] .pair > :last-child', (svg: Node) => {
        const dots = Array.from(svg.querySelectorAll('g[aria-label="dot"] > *'));
        return dots.map((d) => d.getAttribute('fill'));
      });
      expect(allMarketsDiffFill[0]).not.toBe('white');
      // A difference that is not significant is drawn too, hollow.
      const comparison = JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8'));
      const notSignificant = Object.values<{ meanDeliveryDays: { diffs: ({ significant: boolean } | null)[] } }>(comparison.kpis)
        .filter((k) => k.meanDeliveryDays.diffs[1]?.significant === false).length;
      expect(allMarketsDiffFill.filter((f) => f === 'white')).toHaveLength(notSignificant);
      // Daily: one panel per market plus all markets, with both scenarios' lines.
      const panels = await opened.page.$$eval('figure[data-field="orders"] .panel', (ps: Node[]) => ps.length);
      expect(panels).toBe(MARKETS + 1);
      expect(await linePoints(opened, 'figure[data-field="orders"]')).toHaveLength((MARKETS + 1) * 2);
      // The day the warehouses open is marked and labelled, so the climb after it reads as its effect.
      const orders = await opened.page.$eval('figure[data-field="orders"]', (f: { textContent: string | null }) => f.textContent);
      expect(orders).toContain('Warehouses open (2024 leading platform with overseas warehouses)');
      // Every chart inside its panel: the difference charts of % KPIs (conversion, on time,
      // return rate ...) drew their intervals thousands of pixels off on 042d453.
      await expectChartsInPanels(opened, 12 * 2 + 7 * 7);
      // The Europe-only event is drawn in Europe's daily panels and nowhere else.
      const rules = await opened.page.$$eval('figure[data-field="orders"] .panel', (ps: Node[]) =>
        ps.map((p) => Array.from(p.querySelectorAll('g[aria-label="rule"]')).reduce((n, g) => n + g.children.length, 0)),
      );
      expect(rules).toEqual([1, 1, 2, 1, 1, 1, 1]);
      // No table needs a scrollbar at 1400 px (042d453 clipped the comparison table).
      await opened.page.setViewportSize({ width: 1400, height: 900 });
      const clipped = await opened.page.$$eval('.table-wrap', (ws: { scrollWidth: number; clientWidth: number }[]) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
      expect(clipped).toBe(0);
      await expectCleanPage(opened, 'report-compare.png');
    } finally {
      await opened.close();
    }
  });
  it('draws a sweep: a heat map over two levers and a tornado chart of sensitivities', async () => {
    const dir = join(root, 'sweep');
    const r = await cli([
      'sweep', '--set', 'levers.warehouseShare=0.1,0.5,0.9', '--set', 'levers.afterSales.returnCycleDays=7,45',
      '-R', '2', '--shoppers', '2000', '--days', '60', '--quiet', '--out', dir, '--report',
    ]);
    expect(r.status).toBe(0);
    const opened = await openReport(join(dir, 'report.html'));
    try {
      await expectAllDrawn(opened, 3);
      // One cell per design point: 3 warehouse shares x 2 return cycles.
      const heat = await markCounts(opened, 'figure[data-chart="heatmap"]');
      expect(heat.cell).toBe(6);
      // One bar per lever in the tornado chart.
      const tornado = await markCounts(opened, 'figure[data-chart="tornado"]');
      expect(tornado.bar).toBe(2);
      await expectChartsInPanels(opened, 3);
      await expectCleanPage(opened, 'report-sweep.png');
    } finally {
      await opened.close();
    }
  });

  it('draws a sampled (LHS) sweep as one scatter per lever, not a heat map, and averages over nothing', async () => {
    const dir = join(root, 'lhs');
    const r = await cli([
      'sweep', '--design', 'lhs', '--samples', '12', '--set', 'levers.warehouseShare=0.1:0.9', '--set', 'levers.afterSales.returnCycleDays=5:45',
      '--set', 'levers.priceIndex=0.9:1.1', '--seeds', '1', '--shoppers', '1500', '--days', '40', '--quiet', '--out', dir, '--report',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('averaged over');
    expect(html).not.toMatch(/each cell the mean over/);
    const opened = await openReport(join(dir, 'report.html'));
    try {
      await expectAllDrawn(opened, 3);
      const view = await markCounts(opened, 'figure[data-chart="heatmap"]');
      expect(view.cell).toBeUndefined();
      // Three levers: three panels of 12 points each.
      expect(view.dot).toBe(36);
      await expectChartsInPanels(opened, 3 + 2);
    } finally {
      await opened.close();
    }
  });
});
