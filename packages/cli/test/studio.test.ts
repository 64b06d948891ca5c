// shopsim studio end to end, in Debian's headless Chromium with every request
// beyond the studio's own address refused: move the European return cycle
// from 7 to 30 days, watch the paired answer come and narrow, save the
// what-if, and find the same numbers with `shopsim compare` on the saved file.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumPart, describeWith } from './optional-parts.ts';
import { ARTIFACTS } from './report-browser.ts';
import { signLabel } from '@shopsim/runner/stats';
import { bin, cli } from './shopsim.ts';

// Small enough for CI, big enough that the return cycle's effect on return
// satisfaction stands clear of the seed noise: at 10,000 shoppers and 8 seeds
// it is -2.6 to -3.0 points with a 95% CI of +-1.0 (seeds 1-8, 11-18, 21-28).
const SHOPPERS = 10_000;
const SEEDS = 8;
const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const scenarios = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

let dir: string;
let server: ChildProcess | undefined;
let url: string;
let browser: Browser | undefined;

/** Starts `shopsim studio` on a free port and waits for the address it prints. */
function startStudio(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // From the base's folder, so the page names it as a user would see it.
    server = spawn(process.execPath, [bin, 'studio', basename(file), '--no-open', '--port', '0', '--shoppers', String(SHOPPERS)], {
      cwd: dirname(file),
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    server.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /studio: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    server.on('close', (code) => reject(new Error(`shopsim studio exited with ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopsim-studio-'));
  cpSync(scenarios, dir, { recursive: true });
  if (chromiumPart.missing) return;
  url = await startStudio(join(dir, '2024.yaml'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const status = (page: Page, name: string) => page.locator('.status').getAttribute(`data-${name}`);
const card = (page: Page, kpi: string) => page.locator(`.card[data-kpi="${kpi}"]`);

async function diffOf(page: Page, kpi: string) {
  const c = card(page, kpi);
  const [mean, lo, hi, n] = await Promise.all(['mean', 'lo', 'hi'].map((k) => c.getAttribute(`data-diff-${k}`)).concat(c.getAttribute('data-pairs')));
  return { mean: Number(mean), lo: Number(lo), hi: Number(hi), n: Number(n) };
}

interface Seen { generation: number; n: number; lo: number; hi: number }

// Records each answer of the return-satisfaction card as the page draws it.
const WATCH = `(() => {
  window.__answers = [];
  const record = () => {
    const c = document.querySelector('.card[data-kpi="returnSatisfiedShare"]');
    const s = document.querySelector('.status');
    if (!c || !s) return;
    const a = { generation: Number(s.dataset.generation), n: Number(c.dataset.pairs), lo: Number(c.dataset.diffLo), hi: Number(c.dataset.diffHi) };
    const prev = window.__answers[window.__answers.length - 1];
    if (!prev || prev.generation !== a.generation || prev.n !== a.n) window.__answers.push(a);
  };
  new MutationObserver(record).observe(document.body, { subtree: true, attributes: true, childList: true });
})()`;

describe('shopsim studio without a browser', () => {
  it('--build writes one page holding the base scenario and no address outside it', async () => {
    const site = join(dir, 'site');
    const r = await cli(['studio', join(dir, 'eu-returns-7-days.yaml'), '--build', site]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const html = readFileSync(join(site, 'index.html'), 'utf8');
    // The base is the file with its extends chain merged in: the 45-day base's levers and this file's change.
    const data = JSON.parse(/<script type="application\/json" id="studio-data">(.*?)<\/script>/s.exec(html)![1]!) as { doc: { name: string; markets: Record<string, { levers?: { afterSales?: { returnCycleDays?: number } } }> } };
    expect(data.doc.name).toBe('Europe, 7-day return cycle');
    expect(data.doc.markets.europe!.levers!.afterSales!.returnCycleDays).toBe(7);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });

  it.each([
    [['studio', 'no-such-file.yaml', '--build', 'x'], /no-such-file\.yaml.*file not found/],
    [['studio', '--port', '70000'], /--port/],
    [['studio', '--build', 'FILE'], /is a file, not a folder/],
  ])('shopsim %j is refused with one line and exit 2', async (args, message) => {
    const file = join(dir, 'a-file.txt');
    writeFileSync(file, 'not a folder');
    const r = await cli(args.map((a) => (a === 'FILE' ? file : a)), { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describeWith(chromiumPart, 'shopsim studio', () => {
  it('answers the European return cycle going from 7 to 30 days, and compare reproduces the saved what-if', async () => {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(url)) return route.continue();
      outside.push(u);
      return route.abort();
    });
    context.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(url) && !u.startsWith('blob:')) outside.push(u);
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${url}?seeds=${SEEDS}`);

    // The base alone first: every answer of an unchanged scenario is a difference of exactly 0.
    await page.waitForFunction('Number(document.querySelector(".status")?.dataset.pairs) >= 2', undefined, { timeout: 300_000 });
    expect(await diffOf(page, 'returnSatisfiedShare')).toMatchObject({ mean: 0, lo: 0, hi: 0 });

    await page.evaluate(WATCH);
    await page.getByRole('button', { name: 'Europe', exact: true }).click();
    const cycle = page.getByLabel('Return cycle days (Europe)', { exact: true });
    expect(await cycle.inputValue()).toBe('7');
    await cycle.fill('30');
    await cycle.press('Enter');
    await expect.poll(() => page.locator('.lever.changed').getAttribute('data-path')).toBe('markets.europe.levers.afterSales.returnCycleDays');
    expect(await page.locator('.what-if li').textContent()).toContain('Europe return cycle days is 30 days instead of 7 days');

    // Each answer was recorded as it came (polling could miss some: a pair takes tens of milliseconds).
    // Refined: every seed, each answer's CI narrower than the first answer's, and the fall clear of 0.
    await page.waitForFunction('document.querySelector(".status")?.dataset.done === "yes"', undefined, { timeout: 300_000 });
    expect(await status(page, 'pairs')).toBe(String(SEEDS));
    const seen = ((await page.evaluate('window.__answers')) as Seen[]).filter((a) => a.generation >= 2 && a.n >= 2);
    const first = seen[0]!;
    expect(first.n).toBe(2);
    const last = await diffOf(page, 'returnSatisfiedShare');
    expect(last.n).toBe(SEEDS);
    expect(new Set(seen.map((a) => a.n)).size).toBeGreaterThanOrEqual(3);
    // Narrower: the t factor alone falls from 12.7/sqrt(2) to 2.36/sqrt(8), 10.7 times; only two first
    // seeds that differ by chance by far less than the rest could undo that.
    expect(last.hi - last.lo).toBeLessThan(first.hi - first.lo);
    expect(last.hi).toBeLessThan(0);
    expect(page.url()).toContain('#markets.europe.levers.afterSales.returnCycleDays=30');

    // The daily series: base and what-if drawn, each line inside the chart.
    const lines = page.locator('.daily svg g[aria-label="line"] path');
    expect(await lines.count()).toBe(2);
    const chart = (await page.locator('.daily svg[viewBox]').boundingBox())!;
    for (const box of await Promise.all([0, 1].map((i) => lines.nth(i).boundingBox()))) {
      expect(box!.width).toBeGreaterThan(chart.width / 2);
      expect(box!.x).toBeGreaterThanOrEqual(chart.x);
      expect(box!.x + box!.width).toBeLessThanOrEqual(chart.x + chart.width + 1);
      expect(box!.y).toBeGreaterThanOrEqual(chart.y);
      expect(box!.y + box!.height).toBeLessThanOrEqual(chart.y + chart.height + 1);
    }

    // The README's pictures (docs/ with SHOPSIM_UPDATE_SCREENSHOTS=1, else test-artifacts/): the answer
    // with the changed lever in view, then the per-market table and the daily series.
    const shots = process.env.SHOPSIM_UPDATE_SCREENSHOTS === '1' ? DOCS : ARTIFACTS;
    mkdirSync(shots, { recursive: true });
    await page.evaluate('document.querySelector(".lever.changed").scrollIntoView({ block: "center" })');
    await page.screenshot({ path: join(shots, 'studio-screenshot.png') });
    await page.evaluate('document.querySelector(".by-market").scrollIntoView({ block: "start" })');
    await page.screenshot({ path: join(shots, 'studio-daily-screenshot.png') });

    // Save as scenario, beside the base, and compare it against the base on the same seeds.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as scenario' }).click()]);
    const saved = join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    const text = readFileSync(saved, 'utf8');
    expect(text).toMatch(/^extends: \.\/2024\.yaml$/m);
    expect(text).toContain(`--seeds ${Array.from({ length: SEEDS }, (_, i) => i + 1).join(',')} --shoppers ${SHOPPERS} --behaviours none`);

    const r = await cli(['compare', join(dir, '2024.yaml'), saved, '-R', String(SEEDS), '--shoppers', String(SHOPPERS), '--behaviours', 'none', '--json', '--quiet']);
    expect(r.stderr).toBe('');
    const comparison = JSON.parse(r.stdout) as { seeds: number[]; kpis: Record<string, Record<string, { diffs: ({ mean: number; lo: number; hi: number } | null)[] }>> };
    expect(comparison.seeds).toEqual(Array.from({ length: SEEDS }, (_, i) => i + 1));
    const fromCli = comparison.kpis.all!.returnSatisfiedShare!.diffs[1]!;
    expect(fromCli.mean).toBe(last.mean);
    expect(fromCli.lo).toBe(last.lo);
    expect(fromCli.hi).toBe(last.hi);

    // The link gives the what-if back: a new page opens with the European cycle at 30, marked as changed.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.getByRole('button', { name: 'Europe', exact: true }).click();
    expect(await shared.getByLabel('Return cycle days (Europe)', { exact: true }).inputValue()).toBe('30');
    expect(await shared.locator('.lever.changed').getAttribute('data-path')).toBe('markets.europe.levers.afterSales.returnCycleDays');

    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  }, 900_000);

  it('with a behaviour ensemble, every difference says the share of behaviours agreeing on its sign, as compare does', async () => {
    // Three plausible behaviours that weigh the refund wait differently: the return cycle's effect differs between them.
    const ensemble = join(dir, 'behaviours.yaml');
    writeFileSync(ensemble, ['kind: behaviour-ensemble', 'parameters: [behaviour.refundWaitWeight]', 'members:',
      ...[0.02, 0.165, 0.4].map((v) => `  - { weight: 1, distance: 0, values: { behaviour.refundWaitWeight: ${v} } }`), ''].join('\n'));
    // The base has a formula (Africa's warehouse share ramps up by the day): the workers load mathjs for it.
    const base = join(dir, 'remote-market.yaml');
    const site = join(dir, 'site-ensemble');
    const built = await cli(['studio', base, '--build', site, '--behaviours', ensemble]);
    expect(built.stderr).toBe('');
    const whatIf = join(dir, 'eu-30.yaml');
    writeFileSync(whatIf, 'extends: ./remote-market.yaml\nname: EU 30-day cycle\nmarkets: { europe: { levers: { afterSales: { returnCycleDays: 30 } } } }\n');

    const page = await browser!.newPage();
    // The page must give the numbers compare gives, whatever their size: 2 seeds (what a CI needs) of 1,000 shoppers.
    await page.goto(`${pathToFileURL(join(site, 'index.html')).href}?seeds=2&shoppers=1000#markets.europe.levers.afterSales.returnCycleDays=30`);
    await page.waitForFunction('document.querySelector(".status")?.dataset.done === "yes" && document.querySelector(".status")?.dataset.pairs === "2"', undefined, { timeout: 300_000 });
    expect(await page.locator('.behaviours').getAttribute('data-members')).toBe('3');
    const c = card(page, 'returnSatisfiedShare');
    const [mean, share, text] = await Promise.all([c.getAttribute('data-diff-mean'), c.getAttribute('data-sign-share'), c.locator('.sign').textContent()]);

    const r = await cli(['compare', base, whatIf, '-R', '2', '--shoppers', '1000', '--behaviours', ensemble, '--json', '--quiet']);
    expect(r.stderr).toBe('');
    const d = (JSON.parse(r.stdout) as { kpis: Record<string, Record<string, { diffs: ({ mean: number; signShare: number } | null)[] }>> }).kpis.all!.returnSatisfiedShare!.diffs[1]!;
    expect(Number(mean)).toBe(d.mean);
    expect(Number(share)).toBe(d.signShare);
    expect(text).toBe(signLabel(d));
    await page.close();
  }, 300_000);

  it('every control is reached with Tab, named, and operated with the arrow keys and typing alone', async () => {
    const page = await browser!.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${url}?seeds=2&shoppers=500`);
    const focused = () => page.evaluate(`(() => {
      const e = document.activeElement;
      return e && e !== document.body ? \`\${e.tagName} \${e.getAttribute('type') ?? ''} \${e.getAttribute('aria-label') ?? e.textContent ?? ''}\`.trim() : '';
    })()`) as Promise<string>;
    /** Presses Tab until the focused element's description matches, at most `limit` times. */
    const tabTo = async (target: RegExp, limit = 400) => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        if (target.test(await focused())) return;
      }
      throw new Error(`Tab never reached ${target}`);
    };

    // One Tab cycle through the page meets every control of the lever panel.
    const levers = page.locator('.levers input');
    const count = await levers.count();
    const wanted = new Set(await levers.evaluateAll((els) => els.map((e) => `${e.tagName} ${e.getAttribute('type')} ${e.getAttribute('aria-label')}`)));
    await page.evaluate(`window.__focused = []; document.addEventListener('focusin', (e) => window.__focused.push(\`\${e.target.tagName} \${e.target.getAttribute('type')} \${e.target.getAttribute('aria-label')}\`))`);
    for (let i = 0; i < count + 40; i++) await page.keyboard.press('Tab');
    const reached = new Set((await page.evaluate('window.__focused')) as string[]);
    expect([...wanted].filter((w) => !reached.has(w))).toEqual([]);

    // Named as a screen reader hears them: a slider and a number field per lever, each with the lever's label and scope.
    const tree = await page.locator('.levers').ariaSnapshot();
    const named = (role: string) => [...tree.matchAll(new RegExp(`^\\s*- '?${role} "([^"]+)"`, 'gm'))].map((m) => m[1]!);
    expect(named('slider').length + named('spinbutton').length).toBe(count);
    expect(named('slider')).toContain('Return cycle days (all markets), slider');
    expect(named('spinbutton')).toContain('Return cycle days (all markets)');

    // The keyboard alone: choose Europe, step its return-cycle slider up, then type 30 into its number field.
    await page.reload();
    await tabTo(/^BUTTON button Europe$/);
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: 'Europe', exact: true }).getAttribute('aria-pressed')).toBe('true');
    // Reached by Tab as the cycle above showed; focused directly here to spare a hundred key presses.
    await page.getByRole('slider', { name: 'Return cycle days (Europe), slider' }).focus();
    await page.keyboard.press('ArrowRight');
    const field = page.getByLabel('Return cycle days (Europe)', { exact: true });
    await expect.poll(() => field.inputValue()).toBe('8');
    expect(await page.locator('.lever.changed').getAttribute('data-path')).toBe('markets.europe.levers.afterSales.returnCycleDays');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^INPUT number Return cycle days \(Europe\)$/);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.what-if li').textContent()).toContain('Europe return cycle days is 30 days instead of 7 days');
    // The page writes the link in an effect after it paints the what-if, so the address may trail the list by a frame.
    await expect.poll(() => page.url()).toContain('#markets.europe.levers.afterSales.returnCycleDays=30');
    await page.close();
  }, 300_000);
});
