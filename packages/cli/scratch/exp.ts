// scratch experiment (not committed)
import { simulate, applyLeverPatch, type SimConfig, type Behaviour } from '../../core/src/index.ts';
import { loadScenarioFile } from '../../scenario/src/index.ts';
const N = Number(process.env.N ?? 20000);
const SEEDS = (process.env.SEEDS ?? '1,2,3,4').split(',').map(Number);
const B: Partial<Behaviour> = JSON.parse(process.env.B ?? '{}');
const M: Record<string, number> = JSON.parse(process.env.M ?? '{}');
function load(f: string): SimConfig {
  const c = loadScenarioFile(`scenarios/${f}`).config;
  return tweak(c);
}
function tweak(c: SimConfig): SimConfig {
  return { ...c, shoppers: N, behaviour: { ...c.behaviour, ...B }, markets: c.markets.map((m) => ({ ...m, ...M })) };
}
function mean(xs: number[]) { return xs.reduce((a, b) => a + b, 0) / xs.length; }
function run(c: SimConfig) {
  const rs = SEEDS.map((seed) => simulate(c, { seed, daily: false }).kpis);
  const k = (f: (x: typeof rs[0]) => number) => mean(rs.map(f));
  return { csat: k((x) => x.csat), rep: k((x) => x.repurchaseRate), ret: k((x) => x.returnRate), ab: k((x) => x.paymentAbandonment), orders: k((x) => x.orders), onTime: k((x) => x.onTimeRate), profit: k((x) => x.grossProfit) };
}
const f = (x: number) => x.toFixed(3);
const show = (name: string, r: ReturnType<typeof run>) => console.log(name.padEnd(14), 'csat', f(r.csat), 'rep', f(r.rep), 'ret', f(r.ret), 'ab', f(r.ab), 'orders', r.orders.toFixed(0), 'onTime', f(r.onTime), 'profit', r.profit.toFixed(0));
const y19 = load('2019-baseline.yaml'), y24 = load('2024.yaml');
const what = (process.env.WHAT ?? 'years,ratio,promise').split(',');
if (what.includes('years')) {
  show('2019', run(y19)); show('2024', run(y24));
  const cards = run(load('sea-cards-only.yaml')), ew = run(load('sea-ewallets.yaml'));
  console.log('ewallet effect', f((1 - ew.ab) / (1 - cards.ab) - 1));
}
const uniform = (c: SimConfig, patch: any): SimConfig => ({ ...c, markets: c.markets.map(({ levers: _d, ...m }) => ({ ...m })), levers: applyLeverPatch(c.levers, patch) });
if (what.includes('ratio')) {
  const svc = (p: number, lo: number, hi: number) => uniform(y24, { warehouseShare: 1, membership: { enabled: 0 }, warehouse: { deliveryDays: { p10: lo, p90: hi }, promisedDays: p } });
  const a = run(svc(2, 1.2, 2.2)), b = run(svc(15, 10, 15));
  show('2-day', a); show('15-day', b); console.log('ratio 2 vs 15', f(a.orders / b.orders));
}
if (what.includes('promise')) {
  const base = uniform(y24, { compensation: { enabled: 0 } });
  const over = uniform(y24, { compensation: { enabled: 0 }, warehouse: { promisedDays: 4 }, directMail: { promisedDays: 10 } });
  const a = run(base), b = run(over);
  show('promise 6/14', a); show('promise 4/10', b);
  console.log('orders', f(b.orders / a.orders - 1), 'rep', f(b.rep - a.rep), 'csat', f(b.csat - a.csat), 'profit', f(b.profit / a.profit - 1));
}
