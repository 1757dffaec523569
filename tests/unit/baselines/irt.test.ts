import { describe, expect, it } from 'vitest';
import { fitIrt, irtDegenerate, irtMeanAt, itemResponse } from '../../../src/core/methods/baselines/index.ts';
import { METHOD_IDS } from '../../../src/core/methods/catalogue.ts';
import { createRandom } from '../../../src/core/util/random.ts';
import { ScoreCollector, type ModelInfo, type Study } from '../../../src/core/study/study.ts';

const FLOPS = [1e20, 3e20, 1e21, 3e21, 1e22, 3e22, 1e23, 3e23];
const TARGET = 3e24;

interface Truth {
  scores: Float64Array;
  trials: Float64Array;
  /** Exact mean pass rate of the questions at TARGET. */
  atTarget: number;
}

/**
 * Questions drawn from the model itself: (c, a) ~ N(mu, diag(sd²)), ability x + kappa·x² in centred decades, k samples
 * per (question, model).
 */
function simulate(
  seed: number,
  questions: number,
  trials: number,
  guess: number,
  flops = FLOPS,
  kappa = 0,
): Truth {
  const rng = createRandom(seed);
  const m = flops.length;
  const x0 = flops.reduce((s, f) => s + Math.log10(f), 0) / m;
  const scores = new Float64Array(questions * m);
  let atTarget = 0;
  for (let q = 0; q < questions; q++) {
    const c = -1 + 1.5 * rng.normal();
    const a = 1.2 + 0.4 * rng.normal();
    const theta = (x: number) => x - x0 + kappa * (x - x0) ** 2;
    const p = (x: number) => guess + (1 - guess) / (1 + Math.exp(-(c + a * theta(x))));
    for (let j = 0; j < m; j++) scores[q * m + j] = rng.binomial(trials, p(Math.log10(flops[j]))) / trials;
    atTarget += p(Math.log10(TARGET)) / questions;
  }
  return { scores, trials: new Float64Array(questions * m).fill(trials), atTarget };
}

function studyOf(t: Truth, flops = FLOPS, trials = 1): Study {
  const models: ModelInfo[] = flops.map((f, i) => ({
    name: `m${i}`,
    flops: f,
    computeSource: 'file',
    role: 'ladder',
  }));
  const c = new ScoreCollector();
  const m = flops.length;
  for (let q = 0; q < t.scores.length / m; q++)
    for (let j = 0; j < m; j++)
      c.add({ model: `m${j}`, benchmark: 'b', question: `q${q}`, score: t.scores[q * m + j], trials });
  return { models, benchmarks: c.build(), metrics: [], warnings: [] };
}

describe('item-response fit', () => {
  it('recovers the population prior and the target score from graded data drawn from the model', () => {
    const t = simulate(3, 3000, 100, 0);
    const fit = fitIrt({ flops: FLOPS, scores: t.scores, trials: t.trials }, { at: TARGET });
    expect(fit.guess).toBe(0);
    expect(fit.converged).toBe(true);
    expect(fit.mu[0]).toBeCloseTo(-1, 1);
    expect(fit.mu[1]).toBeCloseTo(1.2, 1);
    expect(Math.sqrt(fit.sigma[0])).toBeCloseTo(1.5, 1);
    expect(Math.sqrt(fit.sigma[2])).toBeCloseTo(0.4, 1);
    expect(Math.abs(fit.at!.value - t.atTarget)).toBeLessThan(0.005);
    // The probit approximation agrees with the quadrature.
    expect(Math.abs(irtMeanAt(fit, TARGET).value - fit.at!.value)).toBeLessThan(0.005);
  });

  it('finds a multiple-choice guess floor and predicts 0/1 greedy data within 2.5 points', () => {
    const t = simulate(5, 4000, 1, 0.25);
    const fit = fitIrt({ flops: FLOPS, scores: t.scores }, { at: TARGET });
    // 0/1 results pin the floor only roughly.
    expect([0.2, 0.25, 0.3]).toContain(fit.guess);
    expect(fit.mu[1]).toBeGreaterThan(0.9);
    expect(fit.mu[1]).toBeLessThan(1.5);
    expect(Math.abs(fit.at!.value - t.atTarget)).toBeLessThan(0.025);
  });

  it('keeps every slope finite and near the population on separable 0/1 rows of a 3-model ladder', () => {
    const t = simulate(7, 800, 1, 0, FLOPS.slice(0, 3));
    const fit = fitIrt({ flops: FLOPS.slice(0, 3), scores: t.scores }, { guess: 0 });
    const spread = Math.max(...Array.from(fit.a).map((a) => Math.abs(a - fit.mu[1])));
    expect(spread).toBeLessThan(3);
    expect(Array.from(fit.a).every(Number.isFinite)).toBe(true);
  });

  it('finds a bending ability curve and extrapolates it better than a straight one', () => {
    const t = simulate(13, 3000, 10, 0, FLOPS, -0.1);
    const data = { flops: FLOPS, scores: t.scores, trials: t.trials };
    const bent = fitIrt(data, { at: TARGET, curvature: 'fit' });
    const straight = fitIrt(data, { at: TARGET });
    expect(bent.curvature).toBe(-0.1);
    expect(straight.curvature).toBe(0);
    expect(bent.logLikelihood).toBeGreaterThan(straight.logLikelihood);
    expect(Math.abs(bent.at!.value - t.atTarget)).toBeLessThan(0.01);
    expect(Math.abs(straight.at!.value - t.atTarget)).toBeGreaterThan(0.03);
  });

  it('averages the target score over the curvatures, each weighted by its marginal likelihood', () => {
    const ladder = FLOPS.slice(0, 4);
    const t = simulate(21, 400, 1, 0, ladder, -0.05);
    const data = { flops: ladder, scores: t.scores, trials: t.trials };
    const averaged = fitIrt(data, { at: TARGET, guess: 0, curvature: 'average' });
    const weights = averaged.curvatureWeights ?? [];
    // Four models of 0/1 results cannot tell the bends apart: several carry weight.
    expect(weights.length).toBeGreaterThan(1);
    expect(weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 12);
    // The reference: each bend fitted on its own, weighted by its own marginal likelihood.
    const each = weights.map((w) => fitIrt(data, { at: TARGET, guess: 0, curvature: w.curvature }));
    const top = Math.max(...each.map((f) => f.logLikelihood));
    const raw = each.map((f) => Math.exp(f.logLikelihood - top));
    const total = raw.reduce((s, v) => s + v, 0);
    weights.forEach((w, i) => expect(Math.abs(w.weight - raw[i] / total)).toBeLessThan(0.01));
    const mixed = each.reduce((s, f, i) => s + (raw[i] / total) * f.at!.value, 0);
    expect(Math.abs(averaged.at!.value - mixed)).toBeLessThan(0.001);
    // The most likely bend's own fit stays the reported one, and the spread over bends widens the interval.
    const chosen = fitIrt(data, { at: TARGET, guess: 0, curvature: 'fit' });
    expect(averaged.curvature).toBe(chosen.curvature);
    expect(averaged.at!.sd).toBeGreaterThanOrEqual(Math.min(...each.map((f) => f.at!.sd)));
  });

  it('refuses degenerate input with the reason', () => {
    const zeros = new Float64Array(40);
    expect(irtDegenerate({ flops: FLOPS.slice(0, 4), scores: zeros })).toMatch(/every result is 0%/);
    expect(() => fitIrt({ flops: FLOPS.slice(0, 4), scores: zeros.fill(1) })).toThrow(/every result is 100%/);
    expect(() => fitIrt({ flops: [1e20], scores: [0, 1] })).toThrow(/at least 2 models/);
    expect(() => fitIrt({ flops: [1e20, 1e21], scores: [0, 1.5] })).toThrow(/outside \[0,1\]/);
    expect(() => fitIrt({ flops: [1e20, 1e21], scores: [0, 1] }, { guess: 1 })).toThrow(/guess floor/);
  });

  it('leaves questions without results out of the mean', () => {
    const t = simulate(9, 500, 10, 0);
    const scores = Float64Array.from(t.scores);
    for (let j = 0; j < FLOPS.length; j++) scores[j] = NaN;
    const fit = fitIrt({ flops: FLOPS, scores, trials: t.trials }, { at: TARGET });
    expect(fit.used).toBe(499);
    expect(Number.isNaN(fit.c[0])).toBe(true);
    expect(Number.isFinite(fit.at!.value)).toBe(true);
  });
});

describe('irt method', () => {
  it('is catalogued and predicts the full-set score with an interval that contains it', () => {
    expect(METHOD_IDS).toContain('irt');
    const t = simulate(11, 1500, 10, 0);
    const r = itemResponse(studyOf(t, FLOPS, 10), { name: 'big', flops: TARGET });
    const b = r.benchmarks[0];
    expect(b.status).toBe('ok');
    expect(Math.abs(b.predicted - t.atTarget)).toBeLessThan(0.01);
    expect(b.low).toBeLessThan(b.predicted);
    expect(b.high).toBeGreaterThan(b.predicted);
    expect(b.warnings[0]).toMatch(/item-response fit over 1500 questions: guess floor 0, ability curvature/);
  });

  it('stands for a benchmark of more than 20,000 questions by an even sample of them, and says so', () => {
    const t = simulate(17, 45_000, 1, 0);
    const r = itemResponse(studyOf(t, FLOPS, 1), { name: 'big', flops: TARGET });
    const b = r.benchmarks[0];
    expect(b.warnings[0]).toMatch(/fit over 15000 questions \(an even sample of 45000\)/);
    const whole = fitIrt(
      { flops: FLOPS, scores: t.scores, trials: t.trials },
      { at: TARGET, curvature: 'fit' },
    );
    expect(Math.abs(b.predicted - whole.at!.value)).toBeLessThan(0.005);
    expect(b.low).toBeLessThan(t.atTarget);
    expect(b.high).toBeGreaterThan(t.atTarget);
  });

  it('refuses a ladder with no signal', () => {
    const flat = { scores: new Float64Array(100 * 4), trials: new Float64Array(400).fill(1), atTarget: 0 };
    const r = itemResponse(studyOf(flat, FLOPS.slice(0, 4)), { name: 'big', flops: TARGET });
    expect(r.benchmarks[0].status).toBe('refused');
    expect(r.benchmarks[0].warnings[0]).toMatch(/no signal/);
  });
});
