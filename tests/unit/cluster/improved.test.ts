import { describe, expect, it } from 'vitest';
import {
  clusterSizes,
  intraClusterDistance,
  memberMeans,
  outlierRate,
} from '../../../src/core/cluster/clustering.ts';
import { improvedMeanShift } from '../../../src/core/cluster/improved.ts';
import { pointsFromRows } from '../../../src/core/cluster/points.ts';
import { IMPROVED_DATASETS, loadFixture } from './fixtures.ts';

describe('improvedMeanShift matches COD Algorithm 1 on sklearn', () => {
  for (const name of IMPROVED_DATASETS) {
    it(name, () => {
      const f = loadFixture(`improved_meanshift/${name}.json`);
      const e = f.expected;
      const rows: number[][] = f.inputs.X;
      // D1 is the caller's job: drop all-zero rows, cluster the rest, map labels back
      const keep = rows.map((r, i) => (r.every((v) => v === 0) ? -1 : i)).filter((i) => i >= 0);
      const zero = rows.map((_, i) => i).filter((i) => !keep.includes(i));
      expect(zero).toEqual(e.zero_vector_indices);
      const X = pointsFromRows(keep.map((i) => rows[i]));
      const upper = Math.sqrt(X.d) / 10;
      expect(upper).toBe(e.U);
      const c = improvedMeanShift(X, { quantile: f.inputs.Q, upper, minClusterSize: f.inputs.K });

      expect(Math.abs(c.bandwidth - e.R) / e.R).toBeLessThanOrEqual(1e-12);
      expect(
        Math.abs(c.info.bandwidthEstimate - e.bandwidth_estimate) / e.bandwidth_estimate,
      ).toBeLessThanOrEqual(1e-12);
      const full = new Array<number>(rows.length).fill(-1);
      keep.forEach((i, k) => (full[i] = c.labels[k]));
      expect(full).toEqual(e.labels);
      expect(c.nClusters).toBe(e.n_clusters);
      expect(clusterSizes(c.labels, c.nClusters)).toEqual(e.cluster_sizes);
      expect(outlierRate(c)).toBeCloseTo(e.outlier_rate_of_nonzero, 14);
      expect(
        Math.abs(intraClusterDistance(X, c) - e.intra_cluster_avg_distance_to_centre),
      ).toBeLessThanOrEqual(1e-12);

      const mm = memberMeans(X, c.labels, c.nClusters);
      let mmDiff = 0;
      let modeDiff = 0;
      for (let k = 0; k < c.nClusters; k++)
        for (let j = 0; j < X.d; j++) {
          mmDiff = Math.max(mmDiff, Math.abs(mm[k * X.d + j] - e.member_means[k][j]));
          modeDiff = Math.max(modeDiff, Math.abs(c.centers[k * X.d + j] - e.cluster_centers[k][j]));
        }
      expect(mmDiff).toBeLessThanOrEqual(1e-12);
      expect(modeDiff).toBeLessThanOrEqual(1e-9);

      expect(c.rounds.length).toBe(e.rounds.length);
      c.rounds.forEach((r, k) => {
        const x = e.rounds[k];
        expect([
          r.round,
          r.nUnclusteredIn,
          r.meanshiftRun,
          r.meanshiftNClusters,
          r.meanshiftNIter,
          r.nResetByDistance,
          r.nClustersDissolved,
          r.nPointsInDissolvedClusters,
          r.nNewClusters,
          r.nNewlyLabelled,
          r.newClusterIds,
        ]).toEqual([
          x.round,
          x.n_unclustered_in,
          x.meanshift_run,
          x.meanshift_n_clusters,
          x.meanshift_n_iter,
          x.n_reset_by_distance,
          x.n_clusters_dissolved,
          x.n_points_in_dissolved_clusters,
          x.n_new_clusters,
          x.n_newly_labelled,
          x.new_cluster_ids,
        ]);
        if (x.stop_reason) expect(r.stopReason).toBe(x.stop_reason);
      });
    });
  }

  it('treats all-zero rows given to it as ordinary points', () => {
    const rows: number[][] = [];
    for (let i = 0; i < 15; i++) rows.push([0, 0, 0]);
    for (let i = 0; i < 15; i++) rows.push([0.9 + 0.01 * (i % 4), 0.9, 1]);
    for (let i = 0; i < 3; i++) rows.push([0.5, 0, 0.5]);
    const c = improvedMeanShift(pointsFromRows(rows), { quantile: 0.5, upper: 0.3, minClusterSize: 10 });
    expect(c.bandwidth).toBeGreaterThan(0);
    expect(c.nClusters).toBe(2);
    expect(new Set(c.labels.slice(0, 15)).size).toBe(1);
    expect(c.labels[0]).toBeGreaterThanOrEqual(0);
    expect(Array.from(c.labels.slice(30))).toEqual([-1, -1, -1]);
  });
});
