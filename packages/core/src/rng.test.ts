import { describe, expect, it } from 'vitest';
import { AleaGenerator, aleaStream, shopperBase, uniformAt, normalAt, normalCdf, normalQuantile, streamKey } from './rng.ts';

describe('random streams', () => {
  it('gives uniforms with mean 1/2 and variance 1/12', () => {
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const u = uniformAt(shopperBase(7, i, 0), i % 18);
      sum += u;
      sq += u * u;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('keeps neighbouring shoppers and blocks uncorrelated', () => {
    const n = 100_000;
    let cov = 0;
    for (let i = 0; i < n; i++) {
      cov += (uniformAt(shopperBase(1, i, 0), 0) - 0.5) * (uniformAt(shopperBase(1, i + 1, 0), 0) - 0.5);
      cov += (uniformAt(shopperBase(1, i, 0), 0) - 0.5) * (uniformAt(shopperBase(1, i, 1), 0) - 0.5);
    }
    expect(Math.abs(cov / (2 * n)) * 12).toBeLessThan(5 / Math.sqrt(2 * n));
  });

  it('draws exactly the numbers of seedrandom\'s alea from its typed-array copy', () => {
    for (const seed of [1, 7, 123456]) {
      const a = aleaStream(seed, 'price-sensitivity');
      const g = new AleaGenerator(seed, 'price-sensitivity');
      const fromAlea = Array.from({ length: 50_000 }, () => a());
      const fromCopy = Array.from({ length: 50_000 }, () => g.next());
      expect(fromCopy).toEqual(fromAlea);
    }
  });

  it('derives different keys for different purposes and seeds', () => {
    expect(streamKey(1, 'visits')).not.toBe(streamKey(1, 'orders'));
    expect(streamKey(1, 'visits')).not.toBe(streamKey(2, 'visits'));
    expect(streamKey(1, 'visits')).toBe(streamKey(1, 'visits'));
  });

  it('turns uniforms into standard normals', () => {
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = normalAt(uniformAt(shopperBase(3, i, 0), 0));
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.02);
    expect(normalAt(0.975)).toBeCloseTo(1.96, 2);
  });

  it('inverts the normal distribution function exactly enough for the traits, tails included', () => {
    // Known quantiles of N(0, 1), central and in both tails (where it takes its other branch).
    const quantiles: [number, number][] = [[0.5, 0], [0.975, 1.959963985], [0.8413447461, 1], [0.001, -3.090232306], [0.99999, 4.264890794]];
    for (const [p, z] of quantiles) expect(normalQuantile(p)).toBeCloseTo(z, 6);
    // Never infinite, even for a uniform of exactly 0.
    expect(Number.isFinite(normalQuantile(0))).toBe(true);
    const g = new AleaGenerator(5, 'test');
    const n = 100_000;
    let above3 = 0;
    for (let i = 0; i < n; i++) if (normalQuantile(g.next()) > 3) above3++;
    // P(Z > 3) = 0.00135: about 135 of 100,000, sd about 12.
    expect(Math.abs(above3 - 135)).toBeLessThan(60);
  });
});

describe('normalCdf', () => {
  it('is the standard normal CDF (tabulated values) and the inverse of normalQuantile', () => {
    // Φ from standard tables (Abramowitz & Stegun 26.2), to the quantile's 1e-9.
    const table: [number, number][] = [[0, 0.5], [1, 0.8413447461], [-1, 0.1586552539], [-1.959963985, 0.025], [2.326347874, 0.99], [-3, 0.001349898]];
    for (const [z, p] of table) expect(Math.abs(normalCdf(z) - p), `z=${z}`).toBeLessThan(1e-8);
    for (const u of [0.001, 0.16, 0.32, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(u))).toBeCloseTo(u, 12);
  });
});
