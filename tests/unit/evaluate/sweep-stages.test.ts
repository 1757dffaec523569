import { describe, expect, it } from 'vitest';
import { estimateBandwidth, improvedMeanShift } from '../../../src/core/cluster/index.ts';
import { fitClusters, LawFitMemo } from '../../../src/core/pipeline/clusterfit.ts';
import { computeFeatures } from '../../../src/core/pipeline/features.ts';
import { clusterFeatures } from '../../../src/core/pipeline/predict.ts';
import { sweep } from '../../../src/core/evaluate/sweep.ts';
import { cachedPredictor } from '../../../workers/sweep.predictor.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';

const { study } = simulateStudy({
  seed: 13,
  trials: 1,
  benchmarks: [{ name: 'open', questions: 300, guess: 0, mix: { emergent: 4, saturated: 1, late: 1 } }],
});
const f = computeFeatures(study, 'open');

describe('improved MeanShift with a known bandwidth estimate', () => {
  it('gives the clustering it computes itself', () => {
    const options = { quantile: 0.1, upper: 0.2, minClusterSize: 5 };
    const own = improvedMeanShift(f.X, options);
    const given = improvedMeanShift(f.X, { ...options, bandwidthEstimate: estimateBandwidth(f.X, 0.1) });
    expect(given.labels).toEqual(own.labels);
    expect(given.centers).toEqual(own.centers);
    expect(given.bandwidth).toBe(own.bandwidth);
  });
});

describe('LawFitMemo', () => {
  it('fits each distinct cluster once across clusterings, with the fits computed without it', () => {
    // one trial per question: pass rates are 0/1 vertices, so every radius below 1 gives the same clusters
    const memo = new LawFitMemo();
    const fits = [0.2, 0.4, 0.6].map((upper) => {
      const p = { ...DEFAULT_PARAMS, upper, minClusterSize: 3 };
      const c = clusterFeatures(f, p);
      const withMemo = fitClusters(f, c, p, memo);
      expect(withMemo).toEqual(fitClusters(f, c, p));
      return withMemo;
    });
    expect(fits[0].length).toBeGreaterThan(3);
    expect(memo.misses).toBe(fits[0].length);
    expect(memo.hits).toBe(2 * fits[0].length);
    // a different law is a different fit
    fitClusters(f, clusterFeatures(f, DEFAULT_PARAMS), { ...DEFAULT_PARAMS, law: 'f3' }, memo);
    expect(memo.misses).toBeGreaterThan(fits[0].length);
  });
});

describe('the sweep workers’ cached predictor', () => {
  const sim = simulateStudy({
    seed: 21,
    benchmarks: [
      { name: 'a', questions: 200, guess: 0, mix: { emergent: 4, saturated: 1, late: 1 } },
      { name: 'b', questions: 150, guess: 0.25, mix: { emergent: 3, never: 1 } },
    ],
  });

  it('equals one-at-a-time predictions, and a threshold sweep clusters each benchmark once', async () => {
    let clusterings = 0;
    let featureRuns = 0;
    const memo = new LawFitMemo();
    const { predict: cached } = cachedPredictor(sim.study, 1, memo, {
      clusterFeatures: (f, p) => (clusterings++, clusterFeatures(f, p)),
      computeFeatures: (s, b) => (featureRuns++, computeFeatures(s, b)),
    });
    const req = {
      target: sim.target,
      base: DEFAULT_PARAMS,
      param: 'minB',
      values: ['0.05', '0.1', '0.5', '2'],
    };
    const viaCache = await sweep(sim.study, req, cached);
    expect(viaCache.rows).toEqual((await sweep(sim.study, req)).rows);
    expect(clusterings).toBe(2);
    expect(featureRuns).toBe(2);
    expect(memo.misses).toBeGreaterThan(0);
  });

  it('a U sweep clusters once per value but fits each distinct cluster once', async () => {
    let clusterings = 0;
    const memo = new LawFitMemo();
    const { predict: cached } = cachedPredictor(sim.study, 1, memo, {
      clusterFeatures: (f, p) => (clusterings++, clusterFeatures(f, p)),
    });
    const req = {
      target: sim.target,
      base: DEFAULT_PARAMS,
      param: 'upper',
      values: ['0.02', '0.03', '0.04'],
    };
    const viaCache = await sweep(sim.study, req, cached);
    expect(viaCache.rows).toEqual((await sweep(sim.study, req)).rows);
    expect(clusterings).toBe(3 * 2);
    // at these radii every U gives the same clusters: each is fitted once, then found twice
    expect(memo.hits).toBe(2 * memo.misses);
  });
});
