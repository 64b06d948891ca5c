import { simulate, defaultScenario } from './packages/core/src/index.ts';
const c = defaultScenario();
c.shoppers = Number(process.argv[2] ?? 100000);
const t = performance.now();
const r = simulate(c, { seed: 1 });
const dt = performance.now() - t;
console.log('ms', dt.toFixed(0), 'ns/shopper-day', (dt*1e6/(c.shoppers*c.days)).toFixed(2));
console.log(JSON.stringify(r.kpis, null, 1));
for (const [k,v] of Object.entries(r.byMarket)) console.log(k, v.csat.toFixed(2), v.conversionRate.toFixed(3), v.paymentAbandonment.toFixed(3), v.repurchaseRate.toFixed(3), v.returnRate.toFixed(3), v.meanDeliveryDays.toFixed(1));
