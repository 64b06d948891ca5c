import { simulate, type SimConfig } from '../../core/src/index.ts';
import { loadScenarioFile } from '../../scenario/src/index.ts';
const w = Number(process.env.W);
const seeds = (process.env.SEEDS ?? '1,2,3,4').split(',').map(Number);
const load = (f: string): SimConfig => { const c = loadScenarioFile(`scenarios/${f}`).config; return { ...c, shoppers: 100000, behaviour: { ...c.behaviour, refundWaitWeight: w } }; };
const a = load('eu-returns-45-days.yaml'), b = load('eu-returns-7-days.yaml');
const eff = seeds.map((s) => { const x = simulate(a, { seed: s, daily: false }).byMarket['europe']!.returnSatisfiedShare; const y = simulate(b, { seed: s, daily: false }).byMarket['europe']!.returnSatisfiedShare; return y / x - 1; });
console.log('w', w, 'effect', (eff.reduce((p, q) => p + q, 0) / eff.length).toFixed(3), eff.map((e) => e.toFixed(3)).join(' '));
