import { describe, expect, it } from 'vitest';
import { estimateBandwidth, improvedMeanShift } from '../../../src/core/cluster/index.ts';
import { fitClusters, LawFitMemo } from '../../../src/core/pipeline/clusterfit.ts';
import { computeFeatures } from '../../../src/core/pipeline/features.ts';
import { clusterFeatures } from '../../../src/core/pipeline/predict.ts';
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
