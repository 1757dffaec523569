import { afterAll, describe, expect, it } from 'vitest';
import { backtest, runCodVariants } from '../../../src/core/evaluate/backtest.ts';
import { clusteringAblation, lawAblation } from '../../../src/core/evaluate/ablation.ts';
import { runMethods } from '../../../src/core/methods/index.ts';
import { StageCache } from '../../../src/core/pipeline/cache.ts';
import { mapBenchmark } from '../../../src/core/pipeline/benchmark.ts';
import { classifyBenchmark } from '../../../src/core/pipeline/classes.ts';
import { fitClusters } from '../../../src/core/pipeline/clusterfit.ts';
import { clusterFeatures } from '../../../src/core/pipeline/clustering.ts';
import { predict } from '../../../src/core/pipeline/predict.ts';
import { Pipeline } from '../../../src/core/pipeline/stages.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS, PAPER_PARAMS } from '../../../src/core/study/params.ts';
import type { Study } from '../../../src/core/study/study.ts';
import { closeWorkers, predictInParallel } from '../../../src/node/parallel.ts';

afterAll(() => closeWorkers());

const sim = simulateStudy({
  seed: 7,
  benchmarks: [
    { name: 'a', questions: 240, guess: 0, mix: { emergent: 3, saturated: 1 } },
    { name: 'b', questions: 200, guess: 0.25, mix: { emergent: 2, late: 1 } },
  ],
});
/** The simulated study plus a benchmark known only from full-set metrics of every model. */
const study: Study = {
  ...sim.study,
  metrics: sim.study.models.map((m, i) => ({ model: m.name, benchmark: 'arc', value: 0.2 + 0.05 * i })),
};

describe('the staged pipeline', () => {
  it('gives a benchmark known only from full-set metrics its COD row everywhere COD runs', async () => {
    const expected = predict(study, sim.target);
    expect(expected.benchmarks.map((b) => b.benchmark)).toEqual(['a', 'b', 'arc']);
    const arc = expected.benchmarks[2];
    expect(arc.status).toBe('refused');
    expect(arc.warnings[0]).toMatch(/only full-set metrics/);

    const [variant] = runCodVariants(study, sim.target, [['cod', DEFAULT_PARAMS]]);
    expect(variant.benchmarks.map((b) => b.benchmark)).toEqual(['a', 'b', 'arc']);
    expect(variant.benchmarks[2].predicted).toBe(arc.predicted);

    const [viaRegistry] = runMethods(study, sim.target, ['cod']);
    expect(viaRegistry.benchmarks[2]).toEqual(arc);

    const rows = backtest(study, { targets: [sim.target.name], methods: ['cod'], cuts: [] }).targets[0].rows;
    expect(rows.map((r) => r.benchmark)).toEqual(['a', 'b', 'arc']);
    expect(rows[2].status).toBe('refused');

    expect(clusteringAblation(study, sim.target, DEFAULT_PARAMS, ['cod']).map((r) => r.benchmark)).toEqual([
      'a',
      'b',
      'arc',
    ]);
    expect(lawAblation(study, sim.target, DEFAULT_PARAMS, ['cod']).at(-1)?.benchmark).toBe('arc');

    const parallel = await predictInParallel(study, sim.target, {}, 2);
    expect(parallel.benchmarks.map((b) => b.benchmark)).toEqual(['a', 'b', 'arc']);
    expect(parallel.benchmarks[2].predicted).toBe(arc.predicted);
  });

  it('computes each stage once per distinct input and reuses it across calls sharing a cache', () => {
    const cache = new StageCache();
    const first = predict(study, sim.target, DEFAULT_PARAMS, cache);
    expect(cache.stats('features').misses).toBe(3);
    const paper = predict(study, sim.target, PAPER_PARAMS, cache);
    // The paper's parameters differ in the pass-rate source, the fit (c's bound) and the mapping. Its raw pass rates are
    // the default's too (from 100 samples, which the default leaves as they are): one clustering serves both.
    expect(cache.stats('features').misses).toBe(6);
    expect(cache.stats('cluster-radius').misses).toBe(2);
    expect(cache.stats('fit').misses).toBe(6);
    expect(paper.benchmarks[0]).toEqual(predict(study, sim.target, PAPER_PARAMS).benchmarks[0]);
    expect(predict(study, sim.target, DEFAULT_PARAMS, cache).benchmarks[0]).toBe(first.benchmarks[0]);
    expect(predict(study, sim.target, { quantile: 0.2 }, cache).benchmarks).toHaveLength(3);
    expect(cache.stats('cluster-radius').misses).toBe(4);
  });

  it('runs classes and mapping as stages of their own: a mapping-only change re-runs only the mapping', () => {
    const runs = { cluster: 0, fit: 0, classes: 0, mapping: 0 };
    const p = new Pipeline({
      stages: {
        clusterFeatures: (...a) => (runs.cluster++, clusterFeatures(...a)),
        fitClusters: (...a) => (runs.fit++, fitClusters(...a)),
        classifyBenchmark: (...a) => (runs.classes++, classifyBenchmark(...a)),
        mapBenchmark: (...a) => (runs.mapping++, mapBenchmark(...a)),
      },
    });
    const spline = { ...PAPER_PARAMS };
    p.run(study, sim.target, spline);
    expect(runs).toEqual({ cluster: 3, fit: 3, classes: 3, mapping: 3 });
    const tighter = p.run(study, sim.target, { ...spline, rmse: 0.01 });
    expect(runs).toEqual({ cluster: 3, fit: 3, classes: 3, mapping: 6 });
    expect(tighter).toEqual(predict(study, sim.target, { ...spline, rmse: 0.01 }));
    p.run(study, sim.target, { ...spline, rmse: 0.01, useAnchors: false, mapping: 'monotone' });
    expect(runs).toEqual({ cluster: 3, fit: 3, classes: 3, mapping: 9 });
    const stricter = p.run(study, sim.target, { ...spline, minA: 2 });
    expect(runs).toEqual({ cluster: 3, fit: 3, classes: 6, mapping: 12 });
    expect(stricter).toEqual(predict(study, sim.target, { ...spline, minA: 2 }));
    p.run(study, { ...sim.target, flops: sim.target.flops * 2 }, spline);
    expect(runs).toEqual({ cluster: 3, fit: 3, classes: 9, mapping: 15 });
  });

  it('shares one clustering and its fits between quantiles that give the same radius, and says which estimate', () => {
    const cache = new StageCache();
    predict(study, sim.target, { quantile: 0.1, upper: 0.2 }, cache);
    const other = predict(study, sim.target, { quantile: 0.12, upper: 0.2 }, cache);
    expect(other.benchmarks.slice(0, 2).map((b) => b.cod?.bandwidth)).toEqual([0.2, 0.2]);
    // benchmarks a and b are clustered and fitted once, estimated per quantile; arc has no questions to cluster
    expect(cache.stats('cluster-radius')).toEqual({ hits: 2, misses: 2 });
    expect(cache.stats('bandwidth').misses).toBe(4);
    expect(cache.stats('fit').misses).toBe(2 + 2);
    expect(other.benchmarks).toEqual(predict(study, sim.target, { quantile: 0.12, upper: 0.2 }).benchmarks);
    const p = new Pipeline({ cache });
    const prep = p.prepare(study, sim.target);
    const params = { ...DEFAULT_PARAMS, quantile: 0.12, upper: 0.2 };
    const estimate = p.clustering(prep, 'a', params).info.bandwidthEstimate;
    expect(estimate).toBe(p.bandwidthEstimate(prep, 'a', params));
    expect(estimate).not.toBe(p.bandwidthEstimate(prep, 'a', { ...params, quantile: 0.1 }));
  });

  it('keys stages by the study object: a changed study is never served from the cache', () => {
    const cache = new StageCache();
    predict(study, sim.target, DEFAULT_PARAMS, cache);
    predict({ ...study }, sim.target, DEFAULT_PARAMS, cache);
    expect(cache.stats('features').misses).toBe(6);
  });

  it('evicts the least recently used results beyond its limit', () => {
    const cache = new StageCache(4);
    const p = new Pipeline({ cache });
    p.run(study, sim.target, DEFAULT_PARAMS);
    expect(cache.size()).toBe(4);
    const again = cache.stats('features').misses;
    p.run(study, sim.target, DEFAULT_PARAMS);
    expect(cache.stats('features').misses).toBeGreaterThan(again);
  });
});
