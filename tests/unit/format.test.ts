import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatFlops,
  formatFlopsExp,
  formatInteger,
  formatPct,
  formatPoints,
} from '../../src/ui/format.ts';

describe('formatFlops', () => {
  it.each([
    [1e21, '1 ZFLOP'],
    [3.8e24, '3.8 YFLOP'],
    [6e23, '600 ZFLOP'],
    [1.234e22, '12.3 ZFLOP'],
    [2.5e18, '2.5 EFLOP'],
    [999.96e21, '1 YFLOP'],
    [5e27, '5 RFLOP'],
    [4e33, '4000 QFLOP'],
    [500, '500 FLOP'],
    [0, '0 FLOP'],
  ])('%d → %s', (f, s) => expect(formatFlops(f)).toBe(s));

  it('returns a dash for non-finite input', () => {
    expect(formatFlops(NaN)).toBe('—');
    expect(formatFlops(Infinity)).toBe('—');
  });
});

describe('formatFlopsExp', () => {
  it.each([
    [1e21, '1e21'],
    [3.8e24, '3.8e24'],
    [6e23, '6e23'],
    [1.2345e20, '1.23e20'],
    [0, '0'],
  ])('%d → %s', (f, s) => expect(formatFlopsExp(f)).toBe(s));
});

describe('formatCount', () => {
  it.each([
    [7e9, '7B'],
    [70e9, '70B'],
    [1.5e6, '1.5M'],
    [1.2e12, '1.2T'],
    [160e6, '160M'],
    [820, '820'],
    [1200, '1.2K'],
  ])('%d → %s', (n, s) => expect(formatCount(n)).toBe(s));
});

describe('formatPct and formatPoints', () => {
  it('formats scores as percentages', () => {
    expect(formatPct(0.4567)).toBe('45.7%');
    expect(formatPct(1)).toBe('100.0%');
    expect(formatPct(0.4567, 0)).toBe('46%');
    expect(formatPct(NaN)).toBe('—');
  });

  it('formats score differences in percentage points', () => {
    expect(formatPoints(0.023)).toBe('2.3 pts');
    expect(formatPoints(-0.023)).toBe('-2.3 pts');
    expect(formatPoints(0.023, true)).toBe('+2.3 pts');
    expect(formatPoints(-0.0001, true)).toBe('0.0 pts');
    expect(formatPoints(NaN)).toBe('—');
  });
});

describe('formatInteger', () => {
  it('groups thousands with commas, whatever the locale', () => {
    expect([0, 7, 999, 1000, 12032, 100000, 1234567, -4321, 12.6].map(formatInteger)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '12,032',
      '100,000',
      '1,234,567',
      '-4,321',
      '13',
    ]);
    expect(formatInteger(NaN)).toBe(formatCount(NaN));
  });
});
