import { describe, expect, it } from 'vitest';
import { autoDomain, makeScale, nearest, ticksOf } from '../../../src/ui/plots/scales.ts';

describe('autoDomain', () => {
  it('pads linear and log extents and ignores what the axis cannot show', () => {
    expect(autoDomain([0, 1, NaN], false)).toEqual([-0.04, 1.04]);
    const [lo, hi] = autoDomain([0, -3, 1e20, 1e22], true);
    expect(Math.log10(lo)).toBeCloseTo(19.9, 9);
    expect(Math.log10(hi)).toBeCloseTo(22.1, 9);
    expect(autoDomain([], true)).toEqual([1, 10]);
    expect(autoDomain([2, 2], false)).toEqual([1.92, 2.08]);
  });
});

describe('ticksOf', () => {
  it('labels log FLOP axes with SI prefixes, thinned on prefix boundaries', () => {
    const s = makeScale([1e18, 1e25], [0, 600], true);
    expect(ticksOf(s, 10, { log: true, flops: true }).map((t) => t.label)).toEqual([
      '1 EFLOP',
      '10 EFLOP',
      '100 EFLOP',
      '1 ZFLOP',
      '10 ZFLOP',
      '100 ZFLOP',
      '1 YFLOP',
      '10 YFLOP',
    ]);
    const few = ticksOf(s, 3, { log: true, flops: true });
    expect(few.map((t) => t.label)).toEqual(['1 EFLOP', '1 ZFLOP', '1 YFLOP']);
    expect(few[1].pos).toBeCloseTo((600 * 3) / 7, 9);
  });

  it('falls back to sub-decade ticks on a short log range and nice ticks on linear ones', () => {
    const s = makeScale([2e20, 8e20], [0, 600], true);
    expect(ticksOf(s, 5, { log: true, flops: true }).length).toBeGreaterThanOrEqual(2);
    const lin = ticksOf(makeScale([0, 1], [0, 500]), 5);
    expect(lin.map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(lin[5].pos).toBe(500);
  });
});

describe('nearest', () => {
  it('finds the closest point within the radius', () => {
    expect(nearest([0, 10, 20], [0, 0, 0], 12, 1, 5)).toBe(1);
    expect(nearest([0, 10, 20], [0, 0, 0], 15, 9, 5)).toBe(-1);
  });
});
