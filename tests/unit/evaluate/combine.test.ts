import { describe, expect, it } from 'vitest';
import {
  combineBenchmark,
  halfWidth,
  MAX_DISTANCE_RATIO,
  studySelfError,
  type CombineRule,
} from '../../../src/core/methods/combine.ts';
import type { Evidence, SelfTask } from '../../../src/core/methods/evidence.ts';
import { widthFor } from '../../../src/core/evaluate/tuning.ts';

const rule: CombineRule = {
  use: ['a', 'b', 'c', 'e2e-passrate'],
  alpha: 0,
  floor: 0.5,
  nearBest: 3,
  power: 2,
  gamma: 1,
  widthScale: 1,
  candidateWidthScale: 1,
};

/** Two self-backtests at log distances 1 and 2 of a target at log distance 2; actual 0.5 both times. */
function evidence(preds: number[][], logTarget = 2): Evidence {
  const tasks: SelfTask[] = [1, 2].map((d, t) => ({
    held: 'm',
    logDistance: d,
    models: 3,
    predicted: { x: preds.map((p) => p[t]) },
    actual: { x: 0.5 },
  }));
  return {
    candidates: ['a', 'b', 'c', 'e2e-passrate'].slice(0, preds.length),
    benchmarks: ['x'],
    direct: [],
    tasks,
    logTarget,
    ladderSize: 4,
  };
}

describe('combining the self-backtest evidence', () => {
  // a: 1 point off at distance 1 (2 at the target's distance), 2 off at distance 2; b: twice a's; c: 20 points off.
  const ev = evidence([
    [0.51, 0.52],
    [0.52, 0.54],
    [0.7, 0.7],
  ]);
  it("scales each self-backtest error to the target's distance and takes the root-mean-square", () => {
    expect(studySelfError(ev, 0, rule)).toBeCloseTo(2, 9);
    expect(studySelfError(ev, 0, { ...rule, gamma: 0 })).toBeCloseTo(Math.sqrt(2.5), 9);
    expect(studySelfError(ev, 1, rule)).toBeCloseTo(4, 9);
  });
  it('scales a very short self-backtest up by at most MAX_DISTANCE_RATIO', () => {
    const near = evidence([[0.51, 0.51]], 1000);
    // Both tasks 1 point off at log distances 1 and 2 of a target at log distance 1000: capped, not ×1000.
    expect(studySelfError(near, 0, rule)).toBeCloseTo(MAX_DISTANCE_RATIO, 9);
  });
  it('weights ∝ 1/error² over the candidates near the best, and predicts their weighted mean', () => {
    const c = combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], rule);
    expect(c.weights[0]).toBeCloseTo(0.8, 9);
    expect(c.weights[1]).toBeCloseTo(0.2, 9);
    expect(c.weights[2]).toBe(0);
    expect(c.predicted).toBeCloseTo(0.8 * 0.6 + 0.2 * 0.65, 9);
    expect(c.spread).toBeCloseTo(Math.sqrt(0.8 * 1 + 0.2 * 16), 6);
    expect(c.why).toMatch(/self-backtest/);
  });
  it('gives no weight to a candidate that refused the target or is not in the rule', () => {
    const c = combineBenchmark(ev, 'x', [NaN, 0.65, 0.9], rule);
    expect(c.weights[0]).toBe(0);
    expect(c.weights[1]).toBe(1);
    const d = combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], { ...rule, use: ['b'] });
    expect(d.weights).toEqual([0, 1, 0]);
  });
  it('sets aside the candidates predicting less than the lowest score consistent with the ladder', () => {
    // c had the worst self-backtest but is the only one not below the ladder's best score: it gets all the weight.
    const c = combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], rule, 0.7);
    expect(c.weights).toEqual([0, 0, 1]);
    expect(c.predicted).toBeCloseTo(0.9, 12);
    expect(c.why).toMatch(/set aside .*: a, b$/);
    // When every candidate is below, none is set aside: the weights are those without the bound.
    const none = combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], rule, 0.95);
    const free = combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], rule);
    expect(none.weights).toEqual(free.weights);
    expect(none.why).toBe(free.why);
    expect(free.why).not.toMatch(/set aside/);
  });
  it('without any self-backtest, falls back to a fixed order and says so', () => {
    const none = {
      ...evidence([
        [NaN, NaN],
        [NaN, NaN],
        [NaN, NaN],
        [NaN, NaN],
      ]),
    };
    const c = combineBenchmark(none, 'x', [0.6, 0.65, 0.9, 0.7], rule);
    expect(c.weights).toEqual([0, 0, 0, 1]);
    expect(c.why).toMatch(/fixed order/);
    expect(c.scaledSelfError).toBeNull();
  });
  it('falls back to the first candidate of the fixed order that is not below the lowest consistent score', () => {
    const none = evidence([
      [NaN, NaN],
      [NaN, NaN],
    ]);
    const ev2 = { ...none, candidates: ['e2e-exp', 'e2e-passrate'] };
    const both = { ...rule, use: ['e2e-exp', 'e2e-passrate'] };
    expect(combineBenchmark(ev2, 'x', [0.5, 0.7], both).weights).toEqual([1, 0]);
    expect(combineBenchmark(ev2, 'x', [0.5, 0.7], both, 0.6).weights).toEqual([0, 1]);
    expect(combineBenchmark(ev2, 'x', [0.5, 0.55], both, 0.6).weights).toEqual([1, 0]);
  });
  it("blends the self-backtest weights with the stacking prior by the rule's trust", () => {
    const stacked = { ...rule, prior: { a: 0.2, c: 0.6, 'e2e-passrate': 0.2 }, trust: 0.25 };
    // Self-backtests: a 0.8, b 0.2 (as above); prior over a, c and e2e-passrate, which refused: a 0.25, c 0.75.
    const c = combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], stacked);
    expect(c.selfWeights.map((w) => +w.toFixed(9))).toEqual([0.8, 0.2, 0]);
    expect(c.weights[0]).toBeCloseTo(0.25 * 0.8 + 0.75 * 0.25, 9);
    expect(c.weights[1]).toBeCloseTo(0.25 * 0.2, 9);
    expect(c.weights[2]).toBeCloseTo(0.75 * 0.75, 9);
    expect(c.predicted).toBeCloseTo(c.weights[0] * 0.6 + c.weights[1] * 0.65 + c.weights[2] * 0.9, 9);
    expect(c.why).toMatch(
      /^25% of the weight by the ladder's own evidence, weights ∝ .*; 75% by the validation suite's stacking weights \(a 25%, c 75%;/,
    );
    // The interval's self error is that of the weighted candidates with a self-backtest: b has none here.
    const untested = evidence([
      [0.51, 0.52],
      [NaN, NaN],
      [0.7, 0.7],
    ]);
    const u = combineBenchmark(untested, 'x', [0.6, 0.65, 0.9], { ...rule, prior: { b: 1 }, trust: 0.5 });
    expect(u.weights).toEqual([0.5, 0.5, 0]);
    expect(u.scaledSelfError).toBeCloseTo(2, 9);
    const plain = combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], { ...rule, prior: undefined });
    expect(plain.weights).toEqual(plain.selfWeights);
    expect(combineBenchmark(ev, 'x', [0.6, 0.65, 0.9], { ...stacked, trust: 1 }).weights).toEqual(
      plain.weights,
    );
  });
  it('follows the prior alone where no candidate has a self-backtest, and sets aside candidates below the ladder', () => {
    const none = evidence([
      [NaN, NaN],
      [NaN, NaN],
      [NaN, NaN],
    ]);
    const stacked = { ...rule, prior: { a: 0.5, b: 0.25, c: 0.25 }, trust: 0.5 };
    const c = combineBenchmark(none, 'x', [0.6, 0.65, 0.9], stacked);
    expect(c.weights).toEqual([0.5, 0.25, 0.25]);
    expect(c.why).toMatch(/no candidate has a self-backtest here .*stacking weights \(a 50%, b 25%, c 25%;/);
    expect(c.scaledSelfError).toBeNull();
    const below = combineBenchmark(none, 'x', [0.6, 0.65, 0.9], stacked, 0.62);
    expect(below.weights).toEqual([0, 0.5, 0.5]);
    expect(below.eligible).toEqual([false, true, true]);
    expect(below.why).toMatch(/set aside .*: a$/);
  });
  it("widens the interval with every source of error, the self error shrunk halfway to the study's", () => {
    const self = { bench: 2, study: 2 };
    const h = halfWidth(self, 1, 1, 0, 1);
    expect(h).toBeCloseTo(1.96 * Math.sqrt(6), 9);
    expect(halfWidth({ bench: 4, study: 2 }, 1, 1, 0, 1)).toBeCloseTo(1.96 * Math.sqrt(10 + 2), 9);
    expect(halfWidth(self, 1, 1, 0, 1.5)).toBeCloseTo(1.5 * h, 9);
    expect(halfWidth(self, 1, 1, Math.log(30), 1)).toBeGreaterThan(h);
    expect(halfWidth({ bench: null, study: null }, 0, 0, 0, 1)).toBeCloseTo(1.96 * 5, 9);
    expect(halfWidth({ bench: null, study: 3 }, 0, 0, 0, 1)).toBeCloseTo(1.96 * 3, 9);
  });
});

describe('width multipliers chosen for coverage', () => {
  it('is the smallest multiplier (in steps of 0.05) under which the wanted share of rows is covered', () => {
    const rows = [0.2, 0.5, 0.9, 1.3, 2.1].map((ratio) => ({ error: 1, ratio, half: 1 }));
    expect(widthFor(rows, 0.8)).toBeCloseTo(1.3, 9);
    expect(widthFor(rows, 1)).toBeCloseTo(2.1, 9);
    const covered = (k: number) => rows.filter((r) => r.ratio <= k).length / rows.length;
    expect(covered(widthFor(rows, 0.6))).toBeGreaterThanOrEqual(0.6);
  });
});
