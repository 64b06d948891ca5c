import { shopperBase, uniformAt } from './packages/core/src/rng.ts';
let s = 0; let t = performance.now();
for (let i = 0; i < 20_000_000; i++) { const b = shopperBase(123, i, 5); s += uniformAt(b, 0) + uniformAt(b, 1); }
console.log('base+2u ns', ((performance.now() - t) / 20e6 * 1e6).toFixed(1), s > 0);
t = performance.now(); s = 0;
for (let i = 0; i < 20_000_000; i++) { s += Math.log(1 - (i % 1000) / 1001) + Math.exp(-(i % 100) / 50); }
console.log('log+exp ns', ((performance.now() - t) / 20e6 * 1e6).toFixed(1), s > 0);
