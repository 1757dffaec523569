import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  anchorCompatibility,
  evalMapping,
  fitMapping,
  type MappingPoint,
} from '../../src/core/pipeline/mapping.ts';
import type { MappingKind } from '../../src/core/study/types.ts';

const fixture = JSON.parse(
  readFileSync(
    new URL('../../../shared/reference/smoothing_spline/mapping_splines.json', import.meta.url),
    'utf8',
  ),
);
interface SplineSet {
  id: string;
  x: number[];
  y: number[];
  expected: { grid_values: number[]; eval_values: number[] };
}
const sets: SplineSet[] = fixture.expected.sets;
const tol = fixture.expected.tolerance;
const grid: number[] = fixture.inputs.grid_x;
const evalX: number[] = fixture.inputs.eval_x;
const pointsOf = (s: SplineSet): MappingPoint[] => s.x.map((x, i) => ({ x, y: s.y[i] }));

describe('spline mapping against mapping_splines.json', () => {
  it('has the 12 reference sets', () => expect(sets).toHaveLength(12));
  it.each(sets.map((s) => [s.id, s] as const))('%s', (_id, s) => {
    const m = fitMapping('spline', pointsOf(s));
    // 1. endpoints
    expect(Math.abs(evalMapping(m, 0))).toBeLessThanOrEqual(tol.endpoints_abs);
    expect(Math.abs(evalMapping(m, 1) - 1)).toBeLessThanOrEqual(tol.endpoints_abs);
    // 2. RMSE on the data
    const rmse = Math.sqrt(s.x.reduce((a, x, i) => a + (evalMapping(m, x) - s.y[i]) ** 2, 0) / s.x.length);
    expect(rmse).toBeLessThan(tol.rmse_on_data_max);
    expect(m.rmse).toBeCloseTo(rmse, 12);
    // 3. monotone on the grid, values in [0,1]
    const values = grid.map((x) => evalMapping(m, x));
    values.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      if (i) expect(v).toBeGreaterThanOrEqual(values[i - 1]);
    });
    expect(m.monotone).toBe(true);
    // 4. close to FITPACK
    const lo = Math.min(...s.x);
    const hi = Math.max(...s.x);
    grid.forEach((x, i) => {
      const d = Math.abs(values[i] - s.expected.grid_values[i]);
      expect(d).toBeLessThanOrEqual(
        x >= lo && x <= hi ? tol.values_within_data_range_abs : tol.values_on_0_1_grid_abs,
      );
    });
    evalX.forEach((x, i) =>
      expect(Math.abs(evalMapping(m, x) - s.expected.eval_values[i])).toBeLessThanOrEqual(
        tol.values_at_eval_x_abs,
      ),
    );
  });

  it('a larger threshold T needs no more knots', () => {
    const s = sets.find((x) => x.id === 'sqrt_like')!;
    const tight = fitMapping('spline', pointsOf(s), { rmse: 0.005 });
    const loose = fitMapping('spline', pointsOf(s), { rmse: 0.05 });
    expect(loose.rmse).toBeGreaterThan(tight.rmse);
    expect((loose.data.coef as number[]).length).toBeLessThan((tight.data.coef as number[]).length);
  });

  it('falls back to a monotone curve when the spline oscillates', () => {
    // A jagged non-monotone cloud: no knot count gives a monotone interpolating spline at T = 1e-6.
    const pts = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((x, i) => ({ x, y: x + (i % 2 ? 0.08 : -0.08) }));
    const m = fitMapping('spline', pts, { rmse: 1e-6 });
    expect(m.monotone).toBe(true);
    expect(m.warnings.join(' ')).toMatch(/not monotone|PCHIP|RMSE/);
    for (let i = 1; i <= 100; i++)
      expect(evalMapping(m, i / 100)).toBeGreaterThanOrEqual(evalMapping(m, (i - 1) / 100));
  });
});

const KINDS: MappingKind[] = ['spline', 'monotone', 'logit', 'quartic', 'identity', 'decomposed'];

function checkShape(kind: MappingKind, pts: MappingPoint[]) {
  const m = fitMapping(kind, pts);
  expect(evalMapping(m, 0)).toBeCloseTo(0, 6);
  expect(evalMapping(m, 1)).toBeCloseTo(1, 6);
  let prev = -Infinity;
  for (let i = 0; i <= 200; i++) {
    const v = evalMapping(m, i / 200);
    expect(v).toBeGreaterThanOrEqual(prev - 1e-12);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
    prev = v;
  }
  expect(m.monotone).toBe(true);
  return m;
}

describe('every mapping kind', () => {
  const curved = sets.find((s) => s.id === 'power1.5_math_like')!;
  const dip = sets.find((s) => s.id === 'quadratic_dip')!;
  it.each(KINDS)('%s: monotone, through (0,0) and (1,1), on reference sets', (kind) => {
    for (const s of sets) checkShape(kind, pointsOf(s));
  });

  it.each(KINDS)('%s: works with 0, 1 and 2 points, with a warning', (kind) => {
    for (const pts of [
      [],
      [{ x: 0.3, y: 0.2 }],
      [
        { x: 0.3, y: 0.2 },
        { x: 0.5, y: 0.45 },
      ],
    ]) {
      const m = checkShape(kind, pts);
      if (kind !== 'identity') expect(m.warnings.length).toBeGreaterThan(0);
    }
  });

  it('monotone: isotonic PCHIP interpolates monotone data and pools violators', () => {
    const m = fitMapping('monotone', pointsOf(curved));
    curved.x.forEach((x, i) => expect(evalMapping(m, x)).toBeCloseTo(curved.y[i], 12));
    const pooled = fitMapping('monotone', [
      { x: 0.2, y: 0.3 },
      { x: 0.4, y: 0.2 },
      { x: 0.6, y: 0.7 },
    ]);
    expect(evalMapping(pooled, 0.2)).toBeCloseTo(0.25, 12);
    expect(evalMapping(pooled, 0.4)).toBeCloseTo(0.25, 12);
  });

  it('logit: recovers an exact logit-linear relation and extrapolates along it', () => {
    const f = (x: number) => 1 / (1 + Math.exp(-(0.3 + 1.4 * Math.log(x / (1 - x)))));
    const pts = [0.1, 0.2, 0.35, 0.5].map((x) => ({ x, y: f(x) }));
    const m = fitMapping('logit', pts);
    expect(m.data.alpha).toBeCloseTo(0.3, 10);
    expect(m.data.beta).toBeCloseTo(1.4, 10);
    expect(evalMapping(m, 0.9)).toBeCloseTo(f(0.9), 10);
  });

  it('logit: a decreasing cloud is held at a small positive slope', () => {
    const m = fitMapping('logit', [
      { x: 0.2, y: 0.5 },
      { x: 0.4, y: 0.4 },
      { x: 0.6, y: 0.3 },
    ]);
    expect(m.data.beta).toBeGreaterThan(0);
    expect(m.warnings.join(' ')).toMatch(/slope/);
  });

  it('quartic: reproduces an exact quartic and regularises a non-monotone one', () => {
    const beta = [0.3, -0.2, 0.1];
    const q = (x: number) => x + x * (1 - x) * (beta[0] + beta[1] * x + beta[2] * x * x);
    const m = fitMapping(
      'quartic',
      [0.1, 0.25, 0.4, 0.55, 0.7].map((x) => ({ x, y: q(x) })),
    );
    (m.data.beta as number[]).forEach((b, i) => expect(b).toBeCloseTo(beta[i], 8));
    const wild = fitMapping(
      'quartic',
      pointsOf(dip).map((p, i) => ({ x: p.x, y: i % 2 ? 0.9 : 0.05 })),
    );
    expect(wild.monotone).toBe(true);
    expect(wild.warnings.join(' ')).toMatch(/regularised/);
  });

  it('decomposed behaves as identity', () => {
    const m = fitMapping('decomposed', pointsOf(curved));
    expect(evalMapping(m, 0.37)).toBe(0.37);
    expect(m.warnings.join(' ')).toMatch(/identity/);
  });
});

describe('anchorCompatibility', () => {
  const s = sets.find((x) => x.id === 'power1.3_anchor')!;
  const m = fitMapping('monotone', pointsOf(s).slice(0, 8));
  it('accepts an anchor on the curve and rejects one far from it, with reasons', () => {
    const on = anchorCompatibility(m, { x: 0.5, y: evalMapping(m, 0.5) + 0.005 });
    expect(on.compatible).toBe(true);
    expect(on.reason).toMatch(/within/);
    const off = anchorCompatibility(m, { x: 0.5, y: evalMapping(m, 0.5) + 0.1 });
    expect(off.compatible).toBe(false);
    expect(off.reason).toMatch(/off by/);
    expect(anchorCompatibility(m, { x: 0.5, y: evalMapping(m, 0.5) + 0.1 }, 0.2).compatible).toBe(true);
    expect(anchorCompatibility(m, { x: 1.5, y: 0.5 }).compatible).toBe(false);
  });
});
