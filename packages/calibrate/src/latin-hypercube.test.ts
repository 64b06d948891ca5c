import { describe, expect, it } from 'vitest';
import { latinHypercube } from './latin-hypercube.ts';

describe('latinHypercube', () => {
  it('puts exactly one point in each of the n strata of every coordinate', () => {
    const n = 17;
    const pts = latinHypercube(n, 4, 3);
    expect(pts).toHaveLength(n);
    for (let d = 0; d < 4; d++) {
      const strata = pts.map((p) => Math.floor(p[d]! * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('is reproducible from its seed and differs between seeds', () => {
    expect(latinHypercube(5, 3, 9)).toEqual(latinHypercube(5, 3, 9));
    expect(latinHypercube(5, 3, 9)).not.toEqual(latinHypercube(5, 3, 10));
  });
});
