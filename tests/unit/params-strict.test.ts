/** Issue 14, finding 3/4: `--set` values are read strictly and range-checked before anything is allocated. */
import { describe, expect, it } from 'vitest';
import { applySettings, DEFAULT_PARAMS } from '../../src/core/study/params.ts';

describe('--set values', () => {
  it.each(['quantile=1e9', 'quantile=0x1', 'quantile=Infinity', 'minClusterSize=1e400', 'seed=0b1'])(
    'refuses %s with the key named',
    (setting) => {
      const key = setting.split('=')[0];
      expect(() => applySettings(DEFAULT_PARAMS, [setting])).toThrow(new RegExp(`^${key} must be`));
    },
  );
  it('reads decimal and exponent forms', () => {
    expect(applySettings(DEFAULT_PARAMS, ['quantile=2e-1']).quantile).toBe(0.2);
  });
});
