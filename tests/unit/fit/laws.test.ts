import { describe, expect, it } from 'vitest';
import { LAWS, LAW_UNIT, toLawUnits } from '../../../src/core/fit/laws.ts';
import type { LawName } from '../../../src/core/study/types.ts';

const points: Record<LawName, number[]> = {
  cod: [30, 0.4, 0.1, 0.2],
  f1: [30, 0.4, 0.1],
  f2: [30, 0.4, 0.2],
  f3: [30, 0.4],
  bnsl: [0.05, 2, 0.1, 0.3, 900, 0.7],
};

describe('laws', () => {
  it('converts FLOPs to 1e18-FLOP units', () => {
    expect(LAW_UNIT).toBe(1e18);
    expect(toLawUnits(3.80675e24)).toBeCloseTo(3_806_750, 6);
  });

  it.each(Object.keys(points) as LawName[])('%s: analytic gradient matches central differences', (name) => {
    const law = LAWS[name];
    const p = points[name];
    const g = new Float64Array(p.length);
    for (const C of [39.9, 1386, 141444]) {
      law.gradient(p, C, g);
      p.forEach((v, j) => {
        const h = 1e-6 * Math.max(1, Math.abs(v));
        const up = p.slice();
        const dn = p.slice();
        up[j] += h;
        dn[j] -= h;
        const fd = (law.value(up, C) - law.value(dn, C)) / (2 * h);
        expect(Math.abs(g[j] - fd)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
      });
    }
  });

  it('cod starts: the documented grid of up to 210 starts, inside the bounds', () => {
    const C = [39.9, 120.8, 307.8, 688.8, 1386, 4553, 50544, 141444];
    const y = [0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    const fixtureBounds = { lower: [0, 0, -1, 0], upper: [Infinity, 5, 10, 0.99] };
    expect(LAWS.cod.starts(C, y, fixtureBounds)).toHaveLength(210);
    const product = LAWS.cod.starts(C, y, LAWS.cod.defaultBounds);
    expect(product.length).toBeLessThanOrEqual(210);
    expect(product.every((s) => s[2] >= 0)).toBe(true);
    expect(LAWS.f3.starts(C, y, LAWS.f3.defaultBounds)).toHaveLength(24);
  });

  it('bnsl with f1 = 0 has no break factor', () => {
    expect(LAWS.bnsl.value([0.1, 2, 0.5, 0.7, 100, 0], 400)).toBeCloseTo(0.1 + 2 / 20, 14);
  });
});
