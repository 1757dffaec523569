import { describe, expect, it } from 'vitest';
import { estimateBandwidth, meanShift } from '../../../src/core/cluster/meanshift.ts';
import { pointsFromRows } from '../../../src/core/cluster/points.ts';
import { DATASETS, loadFixture } from './fixtures.ts';

describe('estimateBandwidth matches sklearn', () => {
  for (const name of DATASETS) {
    it(name, () => {
      const f = loadFixture(`estimate_bandwidth/${name}.json`);
      const X = pointsFromRows(f.inputs.X);
      for (const key of ['q=0.1', 'q=0.3']) {
        const e = f.expected[key];
        const bw = estimateBandwidth(X, e.quantile);
        expect(Math.abs(bw - e.bandwidth) / e.bandwidth).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

const VARIANTS = [
  ['default', {}],
  ['cluster_all_false', { clusterAll: false }],
  ['bin_seeding', { binSeeding: true }],
] as const;

describe('meanShift matches sklearn', () => {
  for (const name of DATASETS) {
    const f = loadFixture(`meanshift/${name}.json`);
    const X = pointsFromRows(f.inputs.X);
    for (const [variant, opts] of VARIANTS) {
      it(`${name} ${variant}`, () => {
        const e = f.expected[variant];
        const r = meanShift(X, f.inputs.bandwidth, opts);
        expect(r.nClusters).toBe(e.n_clusters);
        expect(Array.from(r.labels)).toEqual(e.labels);
        expect(r.nIter).toBe(e.n_iter);
        expect(r.intensities).toEqual(e.center_intensities);
        let maxDiff = 0;
        e.cluster_centers.forEach((c: number[], k: number) =>
          c.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - r.centers[k * X.d + j])))),
        );
        expect(maxDiff).toBeLessThanOrEqual(1e-9);
      });
    }
  }
});
