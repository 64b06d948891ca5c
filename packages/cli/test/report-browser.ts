// Opens a report.html in Debian's headless Chromium (driven by playwright-core) and records
// what a person would see: console errors, network requests, the drawn charts, a screenshot.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, chromiumPart } from './optional-parts.ts';

// Flags that keep Chromium from phoning home, so any request seen came from the page.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** How long a page may take before the test calls it hung: not a speed assertion. */
const BROWSER_LIMIT_MS = 5 * 60_000;

export interface OpenedReport {
  page: Page;
  consoleErrors: string[];
  /** Every request other than the report file itself. */
  requests: string[];
  close(): Promise<void>;
}

let browser: Promise<Browser> | undefined;

/** One Chromium per test file, started on the first report and shared by the next (each gets its own context). */
function sharedBrowser(): Promise<Browser> {
  if (chromiumPart.missing) throw new Error(chromiumPart.missing);
  browser ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return browser;
}

/** Ends the shared Chromium (afterAll of a file that opened reports). */
export async function closeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  await (await b)?.close();
}

export async function openReport(file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedReport> {
  // A new context per report: no cache, storage or listeners carried over from the last one.
  const context: BrowserContext = await (await sharedBrowser()).newContext({ viewport });
  // Playwright's limits (30 s) only end a page that hangs: a busy machine draws slowly.
  context.setDefaultTimeout(BROWSER_LIMIT_MS);
  // A function given to page.evaluate travels as its source text, which tsx (esbuild's
  // keepNames, how the tests load) gives __name(...) calls for its named inner functions.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  // report-page.js sets data-charts on <body> once every chart is drawn (or failed).
  await page.waitForFunction('document.body.dataset.charts !== undefined');
  return { page, consoleErrors, requests, close: () => context.close() };
}

/** A full-page screenshot, kept as a test artefact under test-artifacts/ at the repository root. */
export async function screenshot(page: Page, file: string): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export const ARTIFACTS = join(dirname(new URL(import.meta.url).pathname), '../../../test-artifacts');

/** A chart's mark that is not where it belongs, or a panel with data and nothing drawn. */
export interface GeometryProblem {
  chart: string;
  problem: string;
}

/**
 * Checks what a reader sees, not what the code meant: on every chart panel that
 * report-page.js recorded (svg[data-frame]: the x and y ranges in the svg's pixels), every
 * drawn mark (not axes, grid lines or tips) lies inside the panel, give or take `tolerance`
 * pixels for dot radii and strokes; every panel given data draws at least one mark inside
 * it; and no two labels of one panel overlap.
 */
export async function chartGeometry(page: Page, tolerance = 8): Promise<{ panels: number; problems: GeometryProblem[] }> {
  return page.evaluate((tol: number) => {
    type Box = { left: number; top: number; right: number; bottom: number; width: number; height: number };
    type El = { getAttribute(n: string): string | null; getBoundingClientRect(): Box; querySelectorAll(s: string): ArrayLike<El>; closest(s: string): El | null; tagName: string; textContent: string | null };
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
    const problems: { chart: string; problem: string }[] = [];
    const svgs = Array.from(doc.querySelectorAll('svg[data-frame]'));
    for (const svg of svgs) {
      const fig = svg.closest('figure.chart');
      const panelTitle = svg.closest('.panel')?.querySelectorAll('.panel-title')[0]?.textContent ?? '';
      const chart = [fig?.getAttribute('data-chart'), fig?.getAttribute('data-field') ?? fig?.getAttribute('data-kpi'), panelTitle].filter(Boolean).join(' ');
      const [x1, y1, x2, y2] = svg.getAttribute('data-frame')!.split(',').map(Number) as [number, number, number, number];
      const rect = svg.getBoundingClientRect();
      const scale = rect.width / Number(svg.getAttribute('width') ?? rect.width);
      const local = (b: Box) => ({
        left: (b.left - rect.left) / scale, right: (b.right - rect.left) / scale, top: (b.top - rect.top) / scale, bottom: (b.bottom - rect.top) / scale,
      });
      let inside = 0;
      const labels: { text: string; box: ReturnType<typeof local> }[] = [];
      for (const group of Array.from(svg.querySelectorAll(':scope > g[aria-label]'))) {
        const label = group.getAttribute('aria-label') ?? '';
        if (/axis|grid|tip|frame/.test(label)) continue;
        for (const el of Array.from(group.querySelectorAll('path, circle, rect, line, text, polygon, use'))) {
          const b = el.getBoundingClientRect();
          if (b.width === 0 && b.height === 0) continue;
          const box = local(b);
          const out = box.left < x1 - tol || box.right > x2 + tol || box.top < y1 - tol || box.bottom > y2 + tol;
          if (out) {
            problems.push({ chart, problem: `${label} ${el.tagName} at x ${box.left.toFixed(0)}..${box.right.toFixed(0)}, y ${box.top.toFixed(0)}..${box.bottom.toFixed(0)} outside the panel x ${x1}..${x2}, y ${y1}..${y2}` });
          } else {
            inside++;
          }
          if (el.tagName.toLowerCase() === 'text' && label === 'text') labels.push({ text: el.textContent ?? '', box });
        }
      }
      if (Number(svg.getAttribute('data-rows')) > 0 && inside === 0) problems.push({ chart, problem: `${svg.getAttribute('data-rows')} data rows but no mark inside the panel` });
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const [a, b] = [labels[i]!.box, labels[j]!.box];
          if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) {
            problems.push({ chart, problem: `labels "${labels[i]!.text}" and "${labels[j]!.text}" overlap` });
          }
        }
      }
    }
    return { panels: svgs.length, problems };
  }, tolerance);
}
