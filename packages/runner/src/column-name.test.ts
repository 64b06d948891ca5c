import { describe, expect, it } from 'vitest';
import { sqlName } from './column-name.ts';

describe('column names', () => {
  it('turn dotted lever paths into names safe in unquoted SQL', () => {
    expect(sqlName('levers.warehouseShare')).toBe('levers_warehouse_share');
    expect(sqlName('markets.north-america.levers.afterSales.returnCycleDays')).toBe('markets_north_america_levers_after_sales_return_cycle_days');
    expect(sqlName('3d.x')).toBe('p_3d_x');
  });
});
