import { describe, expect, it } from 'vitest';
import { InputError } from './input-error.ts';
import { loadScenario } from './scenario-source.ts';

describe('overrides of the built-in scenario', () => {
  // On 042d453 `key in node` let these through: __proto__.toString=1 replaced Object.prototype.toString.
  it.each(['__proto__.toString', 'constructor.prototype.valueOf', 'levers.__proto__.x', 'levers.constructor'])('refuse %s and leave Object.prototype alone', async (path) => {
    await expect(loadScenario(null, { [path]: 1 })).rejects.toThrow(InputError);
    expect(typeof Object.prototype.toString).toBe('function');
    expect(typeof Object.prototype.valueOf).toBe('function');
  });

  it('still set a lever the built-in scenario has', async () => {
    const s = await loadScenario(null, { 'levers.warehouseShare': 0.3 });
    expect(s.config.levers.warehouseShare).toBe(0.3);
  });
});
