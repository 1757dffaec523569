import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLaw, lawInterval, lawValue, LAWS } from '../../../src/core/fit/index.ts';

const ref = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../shared/reference/curve_fits/${name}`, import.meta.url), 'utf8'),
  );

const C_TARGET = 3_806_750;

interface Profile {
  acceptable_extrapolation_min: number;
  acceptable_extrapolation_max: number;
}
interface CurveCase {
  id: string;
  noise_sd: number;
  C: number[];
  y: number[];
  true_params: Record<string, number>;
  expected: {
    sse_acceptance_threshold: number;
    params_at_bounds: string[];
    extrapolation_profile: Profile & { half_width: number };
  };
}

function sse(law: 'cod' | 'f3', p: number[], C: number[], y: number[]): number {
  return C.reduce((s, c, i) => s + (LAWS[law].value(p, c) - y[i]) ** 2, 0);
}

describe('cod law against cod_law.json (bounds c ∈ [−1, 10])', () => {
  const fixture = ref('cod_law.json');
  const lower = [0, 0, -1, 0];
  const upper = [Infinity, 5, 10, 0.99];
  const cases: CurveCase[] = fixture.expected.cases;
  it('has the 32 documented cases', () => expect(cases).toHaveLength(32));
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fit = fitLaw('cod', c.C, c.y, { lower, upper });
    fit.params.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(lower[i]);
      expect(v).toBeLessThanOrEqual(upper[i]);
    });
    expect(fit.converged).toBe(true);
    const mine = sse('cod', fit.params, c.C, c.y);
    expect(mine).toBeLessThanOrEqual(c.expected.sse_acceptance_threshold);
    expect(fit.sse).toBeCloseTo(mine, 14);
    const p = c.expected.extrapolation_profile;
    const ex = lawValue(fit, C_TARGET);
    expect(ex).toBeGreaterThanOrEqual(p.acceptable_extrapolation_min - 1e-6);
    expect(ex).toBeLessThanOrEqual(p.acceptable_extrapolation_max + 1e-6);
    // Noiseless, well-posed cases (pinned extrapolation, only g may sit on its bound) recover the true parameters.
    const wellPosed = c.expected.params_at_bounds.every((n) => n === 'g') && p.half_width < 1e-5;
    if (c.noise_sd === 0 && wellPosed) {
      const truth = ['a', 'b', 'c', 'g'].map((k) => c.true_params[k]);
      truth.forEach((t, i) =>
        expect(Math.abs(fit.params[i] - t)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(t))),
      );
    }
  });
});

describe('exp power law (f3) against exp_power.json', () => {
  const cases: CurveCase[] = ref('exp_power.json').expected.cases;
  it('has the 7 documented cases', () => expect(cases).toHaveLength(7));
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fit = fitLaw('f3', c.C, c.y);
    expect(sse('f3', fit.params, c.C, c.y)).toBeLessThanOrEqual(c.expected.sse_acceptance_threshold);
    const p = c.expected.extrapolation_profile;
    const ex = lawValue(fit, C_TARGET);
    expect(ex).toBeGreaterThanOrEqual(p.acceptable_extrapolation_min - 1e-6);
    expect(ex).toBeLessThanOrEqual(p.acceptable_extrapolation_max + 1e-6);
    if (c.noise_sd === 0) {
      expect(fit.params[0]).toBeCloseTo(c.true_params.a, 6);
      expect(fit.params[1]).toBeCloseTo(c.true_params.b, 9);
    }
  });
});

describe('1-break BNSL against bnsl_1break.json', () => {
  interface BnslCase {
    id: string;
    C: number[];
    acc: number[];
    err: number[];
    expected: {
      best: { sse_acceptance_threshold: number };
      extrapolation_profile: {
        acceptable_extrapolated_acc_min: number;
        acceptable_extrapolated_acc_max: number;
      };
    };
  }
  const cases: BnslCase[] = ref('bnsl_1break.json').expected.cases;
  it('has the 4 documented cases', () => expect(cases).toHaveLength(4));
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fit = fitLaw('bnsl', c.C, c.acc);
    const mine = c.C.reduce(
      (s, x, i) => s + (Math.log(LAWS.bnsl.value(fit.params, x) + 1) - Math.log(c.err[i] + 1)) ** 2,
      0,
    );
    expect(mine).toBeLessThanOrEqual(c.expected.best.sse_acceptance_threshold);
    const p = c.expected.extrapolation_profile;
    const acc = lawValue(fit, C_TARGET);
    expect(acc).toBeGreaterThanOrEqual(p.acceptable_extrapolated_acc_min - 1e-6);
    expect(acc).toBeLessThanOrEqual(p.acceptable_extrapolated_acc_max + 1e-6);
  });

  it('gives every caller of the same points its own copy of the one fit', () => {
    const c = cases[0];
    const first = fitLaw('bnsl', c.C, c.acc);
    const kept = structuredClone(first);
    first.params.fill(0);
    first.covariance?.[0].fill(0);
    expect(fitLaw('bnsl', c.C, c.acc)).toEqual(kept);
    const weighted = fitLaw('bnsl', c.C, c.acc, { weights: c.C.map((_, i) => (i === 0 ? 0 : 1)) });
    expect(weighted.params).not.toEqual(kept.params);
  });
});

describe('fit summaries', () => {
  const c: CurveCase = ref('cod_law.json').expected.cases.find((x: CurveCase) => x.id === 'steady_noise0.02');
  it('reports covariance and a delta-method interval that brackets the value', () => {
    const fit = fitLaw('cod', c.C, c.y);
    expect(fit.covariance).not.toBeNull();
    const cov = fit.covariance!;
    fit.atBounds.forEach((b, i) => (b ? expect(cov[i][i]).toBe(0) : expect(cov[i][i]).toBeGreaterThan(0)));
    const iv = lawInterval(fit, C_TARGET);
    expect(iv.low).toBeLessThan(iv.value);
    expect(iv.high).toBeGreaterThan(iv.value);
    expect(iv.low).toBeGreaterThanOrEqual(0);
    expect(iv.high).toBeLessThanOrEqual(1);
    // A wider z gives a wider band.
    const wide = lawInterval(fit, C_TARGET, 3);
    expect(wide.high - wide.low).toBeGreaterThan(iv.high - iv.low);
  });

  it('uses the default product bounds c ≥ 0', () => {
    const fit = fitLaw('cod', c.C, c.y);
    expect(fit.params[2]).toBeGreaterThanOrEqual(0);
  });

  it('refuses fewer points than parameters with a reason', () => {
    const fit = fitLaw('cod', c.C.slice(0, 3), c.y.slice(0, 3));
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/3 points/);
    expect(fit.params.every(Number.isNaN)).toBe(true);
    const iv = lawInterval(fit, C_TARGET);
    expect(Number.isNaN(iv.low)).toBe(true);
  });

  it('falls back to a conservative band when the covariance is singular', () => {
    // Three parameters of f1 on three points where two coincide: J has rank ≤ 2.
    const fit = fitLaw('f1', [10, 10, 100], [0.2, 0.2, 0.5]);
    expect(fit.covariance).toBeNull();
    const iv = lawInterval(fit, 1000);
    expect(iv.note).toMatch(/conservative/);
    expect(iv.high - iv.low).toBeGreaterThan(0.09);
  });

  it('fits f1, f2 and weighted points', () => {
    const x = c.C;
    const y = x.map((v) => 0.25 + 0.75 * Math.exp(-20 * Math.pow(v, -0.4)));
    const f2 = fitLaw('f2', x, y);
    expect(f2.sse).toBeLessThan(1e-20);
    expect(f2.params[2]).toBeCloseTo(0.25, 8);
    const z = x.map((v) => Math.exp(-5 * Math.pow(v, -0.3) - 0.2));
    const f1 = fitLaw('f1', x, z);
    expect(f1.params[2]).toBeCloseTo(0.2, 8);
    // A zero weight removes a wild point from the objective.
    const wild = z.slice();
    wild[3] = 0.99;
    const w = z.map((_, i) => (i === 3 ? 0 : 1));
    expect(fitLaw('f1', x, wild, { weights: w }).params[2]).toBeCloseTo(0.2, 8);
  });
});
