import { describe, expect, it } from 'vitest';
import {
  estimateBandwidth,
  improvedMeanShift,
  meanShift,
  pointsFromRows,
  subsetPoints,
} from '../../../src/core/cluster/index.ts';
import type { Points } from '../../../src/core/cluster/index.ts';
import { clusterPoints, DEFAULT_CLUSTERING } from '../../../src/core/pipeline/clustering.ts';
import { predict } from '../../../src/core/pipeline/predict.ts';
import {
  BANDWIDTH_SAMPLE_ROWS,
  EXACT_SEEDING_LIMIT,
  bandwidthSampleSeed,
  sampledBandwidthEstimate,
  usesGridSeeds,
} from '../../../src/core/pipeline/seeding.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import { createRandom } from '../../../src/core/util/random.ts';

/** n rows of d coordinates on a lattice of `levels` values per coordinate: at most levels^d distinct rows. */
function latticeRows(n: number, d: number, levels: number, seed: number): Points {
  const rng = createRandom(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(levels) / (levels - 1);
  return { data, n, d };
}

describe('MeanShift seeding at scale', () => {
  it('auto seeds every point up to the limit of distinct rows and a grid beyond it', () => {
    const many = latticeRows(EXACT_SEEDING_LIMIT + 500, 4, 101, 1);
    const fewDistinct = latticeRows(EXACT_SEEDING_LIMIT + 500, 2, 5, 2); // 25 distinct rows
    expect(usesGridSeeds(many, 'auto')).toBe(true);
    expect(usesGridSeeds(fewDistinct, 'auto')).toBe(false);
    expect(usesGridSeeds(many, 'points')).toBe(false);
    expect(usesGridSeeds(latticeRows(50, 2, 5, 3), 'grid')).toBe(true);
    expect(bandwidthSampleSeed(many, 'auto', 7)).toBe(7);
    expect(bandwidthSampleSeed(many, 'points', 7)).toBeNull();
  });

  it('estimates the bandwidth on every row, or on a seeded sample of rows kept in order', () => {
    const X = latticeRows(BANDWIDTH_SAMPLE_ROWS + 2_000, 3, 41, 4);
    expect(sampledBandwidthEstimate(X, 0.05, null)).toBe(estimateBandwidth(X, 0.05));
    const small = latticeRows(300, 3, 41, 5);
    expect(sampledBandwidthEstimate(small, 0.1, 3)).toBe(estimateBandwidth(small, 0.1));
    const a = sampledBandwidthEstimate(X, 0.05, 3);
    expect(sampledBandwidthEstimate(X, 0.05, 3)).toBe(a);
    expect(sampledBandwidthEstimate(X, 0.05, 4)).not.toBe(a);
    // the sample is some BANDWIDTH_SAMPLE_ROWS distinct rows of X: its estimate lies near the full one
    expect(Math.abs(a - estimateBandwidth(X, 0.05)) / a).toBeLessThan(0.05);
    const first = subsetPoints(
      X,
      Array.from({ length: BANDWIDTH_SAMPLE_ROWS }, (_, i) => i),
    );
    expect(a).not.toBe(estimateBandwidth(first, 0.05));
  });

  it('grid seeding is scikit-learn bin_seeding for MeanShift and for every round of COD', () => {
    const X = pointsFromRows(
      Array.from({ length: 400 }, (_, i) => [((i * 37) % 101) / 100, ((i * 53) % 97) / 96, (i % 7) / 6]),
    );
    const ms = clusterPoints(X, {
      ...DEFAULT_CLUSTERING,
      clustering: 'meanshift',
      seeding: 'grid',
      bandwidth: 0.3,
    });
    const direct = meanShift(X, 0.3, { binSeeding: true });
    expect(Array.from(ms.labels)).toEqual(Array.from(direct.labels));
    expect(Array.from(ms.labels)).not.toEqual(Array.from(meanShift(X, 0.3).labels));
    const cod = clusterPoints(X, { ...DEFAULT_CLUSTERING, seeding: 'grid', bandwidthEstimate: 0.25 });
    const expected = improvedMeanShift(X, {
      quantile: 0.1,
      upper: Math.sqrt(3) / 10,
      minClusterSize: 10,
      bandwidthEstimate: 0.25,
      binSeeding: true,
    });
    expect(Array.from(cod.labels)).toEqual(Array.from(expected.labels));
  });

  it('a prediction on grid seeds says so, and auto keeps every-point seeds on small benchmarks', () => {
    const sim = simulateStudy({ seed: 3 });
    const grid = predict(sim.study, sim.target, { ...DEFAULT_PARAMS, seeding: 'grid' });
    const auto = predict(sim.study, sim.target, DEFAULT_PARAMS);
    const points = predict(sim.study, sim.target, { ...DEFAULT_PARAMS, seeding: 'points' });
    expect(auto.benchmarks).toEqual(points.benchmarks);
    const clustered = grid.benchmarks.filter((b) => b.cod);
    expect(clustered.length).toBeGreaterThan(0);
    for (const b of clustered)
      expect(b.warnings.some((w) => w.startsWith('MeanShift ran on grid seeds'))).toBe(true);
    for (const b of auto.benchmarks) expect(b.warnings.some((w) => w.includes('grid seeds'))).toBe(false);
  });
});
