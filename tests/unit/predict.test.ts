import { describe, expect, it } from 'vitest';
import { simulateStudy, PAPER_LADDER_FLOPS } from '../../src/core/simulate/simulate.ts';
import {
  clusterFeatures,
  computeFeatures,
  defaultTarget,
  predict,
  predictBenchmark,
  DEFAULT_PARAMS,
  PAPER_PARAMS,
} from '../../src/core/pipeline/predict.ts';
import { ScoreCollector, type Study } from '../../src/core/study/study.ts';
import { LABEL_ZERO } from '../../src/core/study/types.ts';

const sim = simulateStudy({
  seed: 7,
  benchmarks: [
    {
      name: 'open',
      questions: 600,
      guess: 0,
      mix: { saturated: 1, emergent: 5, late: 1, never: 0.5, flat: 0.2 },
    },
    { name: 'choice', questions: 500, guess: 0.25, mix: { saturated: 1, emergent: 4, late: 1, never: 1 } },
  ],
});

describe('predict on a simulated study', () => {
  const result = predict(sim.study, sim.target);

  it('predicts every benchmark with a finite score inside its interval', () => {
    expect(result.benchmarks.map((b) => b.benchmark)).toEqual(['open', 'choice']);
    for (const b of result.benchmarks) {
      expect(b.status).toBe('ok');
      expect(b.predicted).toBeGreaterThanOrEqual(0);
      expect(b.predicted).toBeLessThanOrEqual(1);
      expect(b.low).toBeLessThanOrEqual(b.predicted);
      expect(b.high).toBeGreaterThanOrEqual(b.predicted);
      expect(b.cod!.clusters.some((k) => k.cls === 'extrapolatable')).toBe(true);
      expect(b.cod!.subsetRatio).toBeGreaterThan(0.3);
    }
  });

  it('lands within a few points of the exact expected score 27× beyond the ladder', () => {
    for (const b of result.benchmarks) {
      expect(Math.abs(b.predicted - sim.truth[b.benchmark]) * 100).toBeLessThan(6);
      expect(b.actual).not.toBeNull();
      expect(Math.abs((b.actual as number) - sim.truth[b.benchmark])).toBeLessThan(0.02);
    }
  });

  it('labels every question: clusters, outliers, zero-performance', () => {
    const b = result.benchmarks[0];
    const f = computeFeatures(sim.study, 'open');
    expect(b.cod!.labels.length).toBe(600);
    const zero = [...b.cod!.labels].filter((l) => l === LABEL_ZERO).length;
    expect(zero).toBe(f.zeroRows.length);
    const clustered = b.cod!.clusters.reduce((s, k) => s + k.size, 0);
    expect(clustered + b.cod!.counts.outliers + zero + b.cod!.counts.missing).toBe(600);
  });

  it('runs the paper pipeline and every mapping without NaN', () => {
    for (const mapping of ['spline', 'monotone', 'logit', 'quartic', 'identity'] as const) {
      const r = predict(sim.study, sim.target, { ...PAPER_PARAMS, mapping });
      for (const b of r.benchmarks) expect(Number.isFinite(b.predicted)).toBe(true);
    }
  });

  it('never lets the target’s results into the features', () => {
    const f = computeFeatures(sim.study, 'open');
    expect(f.ladder.map((l) => l.model)).not.toContain(sim.target.name);
    expect(f.X.d).toBe(PAPER_LADDER_FLOPS.length);
  });

  it('predicts a planned run given by compute alone', () => {
    const r = predict(sim.study, { name: 'planned 70B', flops: 4e24 });
    for (const b of r.benchmarks) {
      expect(b.actual).toBeNull();
      expect(b.error).toBeNull();
      expect(Number.isFinite(b.predicted)).toBe(true);
    }
  });

  it('picks the target-role model as the default target', () => {
    expect(defaultTarget(sim.study)).toEqual(sim.target);
  });

  it('threshold changes reuse the clustering stage', () => {
    const f = computeFeatures(sim.study, 'open');
    const c = clusterFeatures(f, DEFAULT_PARAMS);
    const strict = predictBenchmark(sim.study, f, c, sim.target, { ...DEFAULT_PARAMS, minA: 1e9 });
    expect(strict.status).toBe('fallback');
    expect(strict.warnings.join(' ')).toMatch(/no cluster passed/);
    expect(Number.isFinite(strict.predicted)).toBe(true);
  });
});

function tinyStudy(ladder: number, score: (m: number, q: number) => number, questions = 300): Study {
  const collector = new ScoreCollector();
  for (let m = 0; m <= ladder; m++) {
    for (let q = 0; q < questions; q++) {
      collector.add({ model: `m${m}`, benchmark: 'b', question: `${q}`, score: score(m, q), trials: 100 });
    }
  }
  return {
    models: Array.from({ length: ladder + 1 }, (_, m) => ({
      name: `m${m}`,
      flops: 1e20 * 10 ** m,
      computeSource: 'file' as const,
      role: m === ladder ? ('target' as const) : ('ladder' as const),
    })),
    benchmarks: collector.build(),
    metrics: [],
    warnings: [],
  };
}

describe('predict on bad or thin data', () => {
  it('warns when pass rates come from few samples', () => {
    const few = simulateStudy({
      seed: 9,
      trials: 10,
      benchmarks: [{ name: 'b', questions: 300, guess: 0, mix: { emergent: 3, saturated: 1 } }],
    });
    const b = predict(few.study, few.target).benchmarks[0];
    expect(b.warnings.join('\n')).toMatch(/at most 10 samples per question/);
    expect(Number.isFinite(b.predicted)).toBe(true);
  });

  it('refuses COD with fewer than 4 ladder models and says why', () => {
    const s = tinyStudy(3, (m, q) => Math.min(1, ((q % 10) / 10) * (m + 1) * 0.3));
    const b = predict(s, defaultTarget(s)!).benchmarks[0];
    expect(b.status).toBe('refused');
    expect(b.warnings[0]).toMatch(/at least 4 ladder models/);
    expect(Number.isFinite(b.predicted)).toBe(true);
  });

  it('handles an all-zero benchmark without NaN', () => {
    const s = tinyStudy(6, () => 0);
    const b = predict(s, defaultTarget(s)!).benchmarks[0];
    expect(b.status).toBe('refused');
    expect(b.warnings.join(' ')).toMatch(/no ladder model solved any question/);
    expect(b.predicted).toBeCloseTo(0, 6);
  });

  it('handles an all-one benchmark without NaN', () => {
    const s = tinyStudy(6, () => 1);
    const b = predict(s, defaultTarget(s)!).benchmarks[0];
    expect(Number.isFinite(b.predicted)).toBe(true);
    expect(b.predicted).toBeGreaterThan(0.95);
  });

  it('warns about single-trial scores, a short ladder and a target below the ladder', () => {
    const collector = new ScoreCollector();
    for (let m = 0; m < 6; m++) {
      for (let q = 0; q < 300; q++) {
        collector.add({
          model: `m${m}`,
          benchmark: 'b',
          question: `${q}`,
          score: (q * 7 + m) % 5 < m ? 1 : 0,
          trials: 1,
        });
      }
    }
    const s: Study = {
      models: Array.from({ length: 6 }, (_, m) => ({
        name: `m${m}`,
        flops: 1e20 * 10 ** m,
        computeSource: 'file' as const,
        role: 'ladder' as const,
      })),
      benchmarks: collector.build(),
      metrics: [],
      warnings: [],
    };
    const b = predict(s, { name: 'small', flops: 1e21 }).benchmarks[0];
    const text = b.warnings.join('\n');
    expect(text).toMatch(/single 0\/1 trial/);
    expect(text).toMatch(/only 6 ladder models/);
    expect(text).toMatch(/below the largest ladder model/);
    expect(Number.isFinite(b.predicted)).toBe(true);
  });
});

describe('studies with full-set metrics only', () => {
  const models = Array.from({ length: 6 }, (_, m) => ({
    name: `m${m}`,
    flops: 1e20 * 4 ** m,
    computeSource: 'file' as const,
    role: m === 5 ? ('target' as const) : ('ladder' as const),
  }));
  const study: Study = {
    models,
    benchmarks: [],
    metrics: models.map((m, i) => ({ model: m.name, benchmark: 'arc', value: 0.3 + 0.08 * i })),
    warnings: [],
  };

  it('refuse COD with the reason and still predict from the full-set scores', () => {
    const b = predict(study, defaultTarget(study)!).benchmarks;
    expect(b).toHaveLength(1);
    expect(b[0].status).toBe('refused');
    expect(b[0].warnings[0]).toMatch(/only full-set metrics: COD needs per-question results/);
    expect(b[0].actual).toBeCloseTo(0.7, 12);
    expect(Math.abs(b[0].predicted - 0.7)).toBeLessThan(0.1);
  });

  it('run the end-to-end baselines and refuse the per-question ones', async () => {
    const { runBaselines } = await import('../../src/core/methods/baselines/index.ts');
    const [exp, passrate] = runBaselines(study, defaultTarget(study)!, ['e2e-exp', 'e2e-passrate']);
    expect(exp.benchmarks[0].status).toBe('ok');
    expect(Math.abs(exp.benchmarks[0].predicted - 0.7)).toBeLessThan(0.1);
    expect(passrate.benchmarks[0].status).toBe('refused');
    expect(passrate.benchmarks[0].warnings[0]).toMatch(/only full-set metrics/);
  });
});
