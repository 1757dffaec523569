import { describe, expect, it } from 'vitest';
import { pointsFromRows } from '../../src/core/cluster/index.ts';
import { planDefault, predictDefault } from '../../src/core/methods/default.ts';
import { gatherEvidence, planEvidence, planRuns, runCandidateRun } from '../../src/core/methods/evidence.ts';
import {
  EXACT_SEEDING_LIMIT,
  SELF_BACKTEST_SAMPLE_ROWS,
  selfBacktestSampled,
} from '../../src/core/pipeline/seeding.ts';
import { simulateStudy } from '../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS } from '../../src/core/study/params.ts';
import { sampleQuestions, sampleStandardError } from '../../src/core/study/sample.ts';
import {
  excludeTarget,
  fullSetScore,
  withMetricBenchmarks,
  type Benchmark,
} from '../../src/core/study/study.ts';
import type { PredictParams } from '../../src/core/study/types.ts';
import { createRandom, sampleIndices } from '../../src/core/util/random.ts';

const sim = simulateStudy({
  seed: 8,
  benchmarks: [
    { name: 'big', questions: 600, guess: 0, mix: { emergent: 3, saturated: 1, late: 1 } },
    { name: 'small', questions: 200, guess: 0.25, mix: { emergent: 2, never: 1 } },
  ],
});
const candidates = ['cod', 'e2e-exp', 'largest'];
const grid: PredictParams = { ...DEFAULT_PARAMS, seeding: 'grid' };
const prepared = withMetricBenchmarks(excludeTarget(sim.study, sim.target));

describe('question samples', () => {
  it('draws distinct indices in increasing order, the same for a seed', () => {
    const a = sampleIndices(1000, 100, 3);
    expect(a.length).toBe(100);
    expect(new Set(a).size).toBe(100);
    expect(Array.from(a)).toEqual([...a].sort((x, y) => x - y));
    expect(Array.from(sampleIndices(1000, 100, 3))).toEqual(Array.from(a));
    expect(Array.from(sampleIndices(1000, 100, 4))).not.toEqual(Array.from(a));
    expect(Array.from(sampleIndices(5, 9, 3))).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps the sampled questions with their rows of scores and trials', () => {
    const b = sim.study.benchmarks[0];
    const s = sampleQuestions(b, 200, 1);
    const m = b.models.length;
    expect(s.questions.length).toBe(200);
    expect(s.models).toEqual(b.models);
    const idx = sampleIndices(b.questions.length, 200, 1);
    idx.forEach((q, r) => {
      expect(s.questions[r]).toBe(b.questions[q]);
      expect(Array.from(s.scores.subarray(r * m, r * m + m))).toEqual(
        Array.from(b.scores.subarray(q * m, q * m + m)),
      );
      expect(Array.from(s.trials.subarray(r * m, r * m + m))).toEqual(
        Array.from(b.trials.subarray(q * m, q * m + m)),
      );
    });
    expect(sampleQuestions(b, b.questions.length, 1)).toBe(b);
  });

  it('gives the standard error of a sample mean drawn without replacement', () => {
    const values = [0, 1, 0.5, 0.25, 1, 0, 0.75, NaN];
    const b: Benchmark = {
      name: 'b',
      questions: values.map((_, i) => `q${i}`),
      models: ['m'],
      scores: Float64Array.from(values),
      trials: new Uint32Array(values.length).fill(4),
    };
    const v = values.filter((x) => !Number.isNaN(x));
    const mean = v.reduce((a, x) => a + x, 0) / v.length;
    const variance = v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1);
    expect(sampleStandardError(b, 0, 3)).toBeCloseTo(Math.sqrt((variance * (1 - 3 / 7)) / 3) * 100, 10);
    expect(sampleStandardError(b, 0, 7)).toBe(0);
  });
});

describe("the default's self-backtests on large benchmarks", () => {
  it('sample only grid-seeded benchmarks with more questions than the sample, and never small ones on auto', () => {
    const rng = createRandom(2);
    const rows = Array.from({ length: EXACT_SEEDING_LIMIT + 1_000 }, () => [
      rng.next(),
      rng.next(),
      rng.next(),
    ]);
    const X = pointsFromRows(rows);
    expect(selfBacktestSampled(X, X.n, 'auto')).toBe(true);
    expect(selfBacktestSampled(X, X.n, 'points')).toBe(false);
    // more questions than the sample, but at most EXACT_SEEDING_LIMIT distinct rows: every point seeds, no sample
    const few = pointsFromRows(rows.map((r) => r.map((x) => Math.round(x * 4) / 4)));
    expect(selfBacktestSampled(few, few.n, 'auto')).toBe(false);
    const small = pointsFromRows(rows.slice(0, SELF_BACKTEST_SAMPLE_ROWS + 1));
    expect(selfBacktestSampled(small, small.n, 'grid')).toBe(true);
    expect(selfBacktestSampled(small, SELF_BACKTEST_SAMPLE_ROWS, 'grid')).toBe(false);
  });

  it('leave a study below the thresholds as it was: one run per self-backtest, on every question', () => {
    const plan = planEvidence(prepared, sim.target, candidates, DEFAULT_PARAMS);
    expect(plan.samples).toEqual([]);
    expect(plan.sampledStudy).toBe(prepared);
    for (const t of plan.tasks) {
      expect(t.runs).toHaveLength(1);
      expect(t.runs[0].run.candidates).toEqual(candidates);
      expect(t.runs[0].run.params).toBe(DEFAULT_PARAMS);
    }
    const r = predictDefault(sim.study, sim.target, { candidates });
    for (const b of r.benchmarks) expect(b.warnings.join(' ')).not.toMatch(/sample/);
  });

  it("run COD on a seeded sample of a grid-seeded benchmark's questions and say so", () => {
    const options = { sampleRows: 250 };
    const plan = planEvidence(prepared, sim.target, candidates, grid, options);
    expect(plan.samples.map((x) => [x.benchmark, x.rows, x.questions])).toEqual([['big', 250, 600]]);
    expect(plan.samples[0].standardError).toBeGreaterThan(0);
    const runs = planRuns(plan);
    expect(runs[0].study).toBe(prepared); // the target's own prediction reads every question
    for (const t of plan.tasks) {
      const sampled = t.runs.filter((r) => r.sampled).map((r) => r.run);
      expect(sampled).toHaveLength(1);
      expect(sampled[0].candidates).toEqual(['cod']);
      expect(sampled[0].only).toEqual(['big']);
      expect(sampled[0].params.seeding).toBe('grid');
      expect(sampled[0].study.benchmarks.find((b) => b.name === 'big')!.questions).toHaveLength(250);
      // the baselines and COD on the small benchmark read every question
      for (const { run } of t.runs.filter((r) => !r.sampled)) {
        expect(run.study.benchmarks.find((b) => b.name === 'big')!.questions).toHaveLength(600);
        if (run.candidates.includes('cod')) expect(run.only).toEqual(['small']);
      }
    }
    const ev = gatherEvidence(prepared, sim.target, candidates, grid, options);
    expect(ev.samples).toEqual(plan.samples);
    const again = gatherEvidence(prepared, sim.target, candidates, grid, options);
    expect(again.tasks).toEqual(ev.tasks);
    const whole = gatherEvidence(prepared, sim.target, candidates, grid, { sampleRows: 600 });
    expect(whole.samples).toBeUndefined();
    // COD's entry is the held-back model's full-set score plus its error on the sample
    const big = plan.sampledStudy.benchmarks.find((b) => b.name === 'big')!;
    ev.tasks.forEach((t, k) => {
      const cod = t.predicted.big[0];
      if (!Number.isFinite(cod)) return;
      const run = plan.tasks[k].runs.find((r) => r.sampled)!.run;
      const onSample = runCandidateRun(run)[0].benchmarks[0].predicted;
      expect(cod - t.actual.big).toBeCloseTo(onSample - fullSetScore(plan.sampledStudy, big, t.held), 12);
      expect(t.predicted.small).toEqual(whole.tasks[k].predicted.small);
      expect(t.predicted.big.slice(1)).toEqual(whole.tasks[k].predicted.big.slice(1));
    });
    const r = predictDefault(sim.study, sim.target, { candidates, params: grid, ...options });
    const warn = (name: string) => r.benchmarks.find((b) => b.benchmark === name)!.warnings.join(' ');
    expect(warn('big')).toMatch(/seeded sample of 250 of the 600 questions, on grid seeds \(standard error/);
    expect(warn('small')).not.toMatch(/sample/);
  });

  it('give the same result in steps as in one call', () => {
    const options = { candidates, params: grid, sampleRows: 250 };
    const plan = planDefault(sim.study, sim.target, options);
    const runs = [plan.direct, ...plan.selfBacktests()];
    const stepped = plan.finish(runs.map((r) => runCandidateRun(r)));
    expect(stepped).toEqual(predictDefault(sim.study, sim.target, options));
  });
});
