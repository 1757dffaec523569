import { describe, expect, it } from 'vitest';
import { difficultyPassRates, type LadderResults } from '../../../src/core/pipeline/smoothing.ts';
import { computeFeatures } from '../../../src/core/pipeline/features.ts';
import { Pipeline } from '../../../src/core/pipeline/stages.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import { DEFAULT_SIM_BENCHMARKS, simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { createRandom } from '../../../src/core/util/random.ts';

const FLOPS = [1e20, 3e20, 1e21, 3e21, 1e22, 3e22];

/**
 * A ladder of per-question logistic curves in log-compute (not the item-response model's own law: each question has
 * its own threshold, slope and a slip below 1), guess floor 0.25, each result drawn from `samples` samples.
 */
function logisticLadder(questions: number, samples: number, seed = 7) {
  const rng = createRandom(seed);
  const d = FLOPS.length;
  const truth = new Float64Array(questions * d);
  const scores = new Float64Array(questions * d);
  const trials = new Float64Array(questions * d).fill(samples);
  for (let q = 0; q < questions; q++) {
    const threshold = 20 + 3.5 * rng.next();
    const slope = 0.8 + 2.5 * rng.next();
    const top = 1 - 0.2 * rng.next();
    for (let j = 0; j < d; j++) {
      const p = 0.25 + (top - 0.25) / (1 + Math.exp(-slope * (Math.log10(FLOPS[j]) - threshold)));
      truth[q * d + j] = p;
      let k = 0;
      for (let s = 0; s < samples; s++) if (rng.next() < p) k++;
      scores[q * d + j] = k / samples;
    }
  }
  return { results: { scores, trials, flops: FLOPS } satisfies LadderResults, truth };
}

const rmse = (a: Float64Array, b: Float64Array) =>
  Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

describe('difficulty pass rates smoothed by an item-response fit', () => {
  it('brings 1-sample pass rates much closer to the true ones and keeps each model’s mean', () => {
    const { results, truth } = logisticLadder(2000, 1);
    const out = difficultyPassRates(results, 'irt');
    expect(out.smoothing).not.toBeNull();
    expect(out.note).toMatch(/item-response fit of the ladder \(1 sample per result; guess floor/);
    const raw = rmse(results.scores, truth);
    const smoothed = rmse(out.scores, truth);
    expect(raw).toBeGreaterThan(0.35);
    expect(smoothed).toBeLessThan(0.5 * raw);
    const d = FLOPS.length;
    for (let j = 0; j < d; j++) {
      let rawMean = 0;
      let smoothMean = 0;
      for (let q = 0; q < 2000; q++) {
        rawMean += results.scores[q * d + j] / 2000;
        smoothMean += out.scores[q * d + j] / 2000;
      }
      expect(Math.abs(smoothMean - rawMean)).toBeLessThan(0.02);
    }
  });

  it('smooths with auto only counts from few samples', () => {
    const few = logisticLadder(300, 10).results;
    expect(difficultyPassRates(few, 'auto').smoothing?.samples).toBe(10);
    const many = logisticLadder(300, 100).results;
    const kept = difficultyPassRates(many, 'auto');
    expect(kept.smoothing).toBeNull();
    expect(kept.scores).toBe(many.scores);
    const graded = { ...few, scores: few.scores.map((v, i) => Math.min(1, v + 0.013 * (i % 3))) };
    expect(difficultyPassRates(graded, 'auto').smoothing).toBeNull();
    expect(difficultyPassRates(graded, 'irt').smoothing).not.toBeNull();
    expect(difficultyPassRates(few, 'raw').scores).toBe(few.scores);
  });

  it('leaves missing results missing and says why it cannot smooth', () => {
    const { results } = logisticLadder(200, 1);
    results.scores[5 * FLOPS.length + 2] = NaN;
    const out = difficultyPassRates(results, 'irt');
    expect(out.scores[5 * FLOPS.length + 2]).toBeNaN();
    expect(out.scores.filter(Number.isNaN)).toHaveLength(1);
    const flat = { ...results, scores: new Float64Array(results.scores.length) };
    const none = difficultyPassRates(flat, 'irt');
    expect(none.smoothing).toBeNull();
    expect(none.note).toMatch(/^pass rates left unsmoothed: every result is 0%/);
  });
});

describe('the features stage reads the pass-rate source', () => {
  const sim = simulateStudy({
    seed: 3,
    trials: 1,
    benchmarks: [{ ...DEFAULT_SIM_BENCHMARKS[1], questions: 400 }],
  });
  const study = sim.study;
  const bench = study.benchmarks[0].name;

  it('clusters smoothed vectors: no question is left all-zero, and COD says so in its warnings', () => {
    const raw = computeFeatures(study, bench, 'raw');
    const smooth = computeFeatures(study, bench, 'irt');
    expect(raw.zeroRows.length).toBeGreaterThan(0);
    expect(smooth.zeroRows.length).toBe(0);
    expect(smooth.rows.length + smooth.missingRows.length).toBe(study.benchmarks[0].questions.length);
    expect(raw.note).toBeNull();
    expect(raw.raw).toBeNull();
    // The raw rates ride along with the smoothed rows, for the fits' noise.
    const b0 = study.benchmarks[0];
    const q = smooth.rows[7];
    const d = smooth.X.d;
    expect(Array.from(smooth.raw!.data.subarray(7 * d, 8 * d))).toEqual(
      Array.from(smooth.columns, (c) => b0.scores[q * b0.models.length + c]),
    );
    const p = new Pipeline();
    const target = sim.target;
    const prep = p.prepare(study, target);
    const a = p.benchmark(prep, bench, target, { ...DEFAULT_PARAMS, passRates: 'raw' });
    const b = p.benchmark(prep, bench, target, { ...DEFAULT_PARAMS, passRates: 'irt' });
    expect(a.warnings.some((w) => w.startsWith('difficulty vectors smoothed'))).toBe(false);
    expect(b.warnings.some((w) => w.startsWith('difficulty vectors smoothed'))).toBe(true);
    expect(b.warnings).toContain(
      'every ladder score is a single 0/1 trial: COD needs pass rates from repeated sampling (e.g. 100 samples) ' +
        '(here they are smoothed by an item-response fit first)',
    );
    expect(p.cache.stats('features').misses).toBe(2);
  });
});
