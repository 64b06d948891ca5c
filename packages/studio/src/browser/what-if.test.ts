// A what-if saved from the studio must run, through `extends`, exactly as the
// studio ran it (the base's text with the what-if as overrides); its URL
// fragment must give the same what-if back.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { simulate } from '@shopsim/core';
import { builtInDocument, loadScenarioFile, loadScenarioText, resolvedDocument } from '@shopsim/scenario';
import { fromFragment, scenarioYaml, toFragment, withoutNoOps, type WhatIf } from './what-if.ts';

const scenarios = fileURLToPath(new URL('../../../../scenarios/', import.meta.url));
const SMALL = { shoppers: 2000, days: 120 };

/** The base beside a saved what-if in a fresh folder; both loaded the two ways. */
function roundTrip(baseName: string, whatIf: WhatIf) {
  const dir = mkdtempSync(join(tmpdir(), 'shopsim-studio-what-if-'));
  // The base may extend others: all the shipped files go along.
  cpSync(scenarios, dir, { recursive: true });
  const base = resolvedDocument(join(dir, baseName));
  const text = scenarioYaml({ extendsPath: `./${baseName}`, baseName: 'base', whatIf, base, changes: ['a lever moves'], command: 'shopsim compare' });
  writeFileSync(join(dir, 'what-if.yaml'), text);
  const saved = loadScenarioFile(join(dir, 'what-if.yaml'), { overrides: SMALL }).config;
  const studio = loadScenarioText('base.yaml', stringify(base), { overrides: { ...SMALL, ...whatIf } }).config;
  return { saved, studio, text };
}

describe('saving a what-if', () => {
  it('a market lever saved as a scenario runs exactly as the studio ran it, and the file states only that lever', () => {
    const whatIf = { 'markets.europe.levers.afterSales.returnCycleDays': 30 };
    const { saved, studio, text } = roundTrip('2024.yaml', whatIf);
    for (const seed of [1, 2, 3]) expect(simulate(saved, { seed, daily: false }).kpis).toEqual(simulate(studio, { seed, daily: false }).kpis);
    expect(saved.markets.find((m) => m.id === 'europe')?.levers?.afterSales?.returnCycleDays).toBe(30);
    expect(text).toMatch(/^extends: \.\/2024\.yaml$/m);
    // Only the change, not the base's markets or levers again.
    expect(text).not.toMatch(/shopperShare|paymentMethods|warehouseShare/);
  });

  it('a changed timeline event keeps the rest of the timeline (lists replace whole under extends)', () => {
    const whatIf = { 'timeline.1.transitMultiplier': 3, 'levers.warehouseShare': 0.3 };
    const { saved, studio } = roundTrip('transport-disruption.yaml', whatIf);
    expect(saved.timeline).toEqual(studio.timeline);
    expect(saved.timeline.length).toBeGreaterThan(1);
    expect(simulate(saved, { seed: 4, daily: false }).kpis).toEqual(simulate(studio, { seed: 4, daily: false }).kpis);
  });
});

describe('saving a what-if of the built-in scenario', () => {
  it('writes a file without extends that runs exactly as the studio ran it', () => {
    const whatIf = { 'markets.europe.levers.afterSales.returnCycleDays': 30 };
    const base = builtInDocument();
    const text = scenarioYaml({ extendsPath: '', baseName: 'built-in', whatIf, base, changes: ['a lever moves'], command: 'shopsim compare' });
    expect(text).not.toMatch(/^extends:/m);
    const file = join(mkdtempSync(join(tmpdir(), 'shopsim-studio-built-in-')), 'what-if.yaml');
    writeFileSync(file, text);
    const saved = loadScenarioFile(file, { overrides: SMALL }).config;
    const studio = loadScenarioText('built-in.yaml', stringify(base), { overrides: { ...SMALL, ...whatIf } }).config;
    expect(simulate(saved, { seed: 5, daily: false }).kpis).toEqual(simulate(studio, { seed: 5, daily: false }).kpis);
  });
});

describe('the URL fragment', () => {
  const known = (p: string) => p.startsWith('levers.') || p.startsWith('markets.');

  it('gives the what-if back, whatever the order it was made in', () => {
    const a: WhatIf = { 'markets.europe.levers.afterSales.returnCycleDays': 30, 'levers.warehouseShare': 0.725, 'levers.paymentMethods.bnpl.feeShare': 0.001 };
    const b: WhatIf = Object.fromEntries(Object.entries(a).reverse());
    expect(toFragment(a)).toBe(toFragment(b));
    expect(fromFragment(toFragment(a), known)).toEqual({ whatIf: a, dropped: [] });
  });

  it('drops paths that are no control and values that are no number, and says which', () => {
    const r = fromFragment('#levers.warehouseShare=0.5&constructor.x=1&levers.priceIndex=abc&levers.problemRate=&%E0%A4%A=1', known);
    expect(r.whatIf).toEqual({ 'levers.warehouseShare': 0.5 });
    expect(r.dropped).toHaveLength(4);
  });

  it('moving a control back to the base value undoes the change', () => {
    const base = { levers: { warehouseShare: 0.65 } };
    expect(withoutNoOps({ 'levers.warehouseShare': 0.65 }, base)).toEqual({});
    expect(withoutNoOps({ 'levers.warehouseShare': 0.7 }, base)).toEqual({ 'levers.warehouseShare': 0.7 });
  });
});
