// Opens a report.html in Debian's headless Chromium (driven by playwright-core) and records
// what a person would see: console errors, network requests, the drawn charts, a screenshot.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, chromiumPart } from './optional-parts.ts';

// Flags that keep Chromium from phoning home, so any request seen came from the page.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface OpenedReport {
  page: Page;
  consoleErrors: string[];
  /** Every request other than the report file itself. */
  requests: string[];
  close(): Promise<void>;
}

export async function openReport(file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedReport> {
  if (chromiumPart.missing) throw new Error(chromiumPart.missing);
  const userDataDir = mkdtempSync(join(tmpdir(), 'shopsim-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
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
  await page.waitForFunction('document.body.dataset.charts !== undefined', undefined, { timeout: 30_000 });
  return {
    page,
    consoleErrors,
    requests,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot, kept as a test artefact under test-artifacts/ at the repository root. */
export async function screenshot(page: Page, file: string): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export const ARTIFACTS = join(dirname(new URL(import.meta.url).pathname), '../../../test-artifacts');
