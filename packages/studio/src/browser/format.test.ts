// The studio's numbers read like shopsim compare's: a significant difference
// is shown in the digits its CI needs (the page once showed "+0.0 [+0.0,
// +0.0] days ▲*" for a delivery time that moved by a few thousandths).
import { describe, expect, it } from 'vitest';
import { diffStatOf } from '@shopsim/runner/stats';
import { kpiDiff, verdict } from './format.ts';
import type { KpiInfo } from './page-data.ts';

const days: KpiInfo = { label: 'Mean delivery time', unit: 'days', digits: 1, percent: false, definition: '', better: 'lower' };
const share: KpiInfo = { label: 'Conversion rate', unit: '% of visits', digits: 1, percent: true, definition: '', better: 'higher' };

describe('kpiDiff', () => {
  it('shows a small significant difference with the digits of its CI, never as zeros', () => {
    const d = diffStatOf([8.6, 8.61, 8.6, 8.62, 8.6], [8.604, 8.615, 8.603, 8.625, 8.605]);
    expect(d.significant).toBe(true);
    const text = kpiDiff(days, d);
    expect(text).not.toMatch(/^\+0\.0 \[\+0\.0, \+0\.0\]$/);
    const [mean, lo, hi] = text.match(/[+−-]?[\d.]+/g)!.map((x) => Number(x.replace('−', '-')));
    expect(mean).toBeCloseTo(d.mean, 3);
    expect(lo!).toBeGreaterThan(0);
    expect(hi!).toBeGreaterThan(lo!);
    expect(verdict(days, d).mark).toBe('▲*');
  });

  it('keeps the KPI\'s own digits when the CI is wide, and shows shares in percentage points', () => {
    const d = diffStatOf([0.03, 0.031, 0.029, 0.03], [0.02, 0.024, 0.018, 0.022]);
    expect(kpiDiff(share, d)).toBe('−0.9 [−1.2, −0.6]');
  });
});
