/**
 * COD Improved MeanShift (paper Algorithm 1, decisions D2–D7 of reference/README §3): R = min(estimate_bandwidth,
 * upper) once; repeated MeanShift on the still-unclustered points, members farther than R from their mode reset,
 * clusters below minClusterSize dissolved, survivors frozen. Zero-performance rows are the caller's business (D1):
 * here every given point is clustered like any other.
 */
import type { Clustering } from './clustering.ts';
import { estimateBandwidth, meanShift } from './meanshift.ts';
import { subsetPoints } from './points.ts';
import type { Points } from './points.ts';

export interface ImprovedMeanShiftOptions {
  /** Quantile Q of estimate_bandwidth (paper: 0.1). */
  quantile: number;
  /** Upper bound U on the radius (√d/10 for pass-rate vectors: compute it as Math.sqrt(d) / 10). */
  upper: number;
  /** Minimum cluster size K (paper: 10). */
  minClusterSize: number;
  /** estimate_bandwidth(X, quantile) when the caller has it already (it does not depend on U or K). */
  bandwidthEstimate?: number;
  /** Each round's MeanShift seeds a grid (scikit-learn's bin_seeding) instead of every point. */
  binSeeding?: boolean;
}

/** One pass of the repeat loop. */
export interface RoundInfo {
  round: number;
  nUnclusteredIn: number;
  meanshiftRun: boolean;
  meanshiftNClusters: number;
  meanshiftNIter: number;
  nResetByDistance: number;
  nClustersDissolved: number;
  nPointsInDissolvedClusters: number;
  nNewClusters: number;
  nNewlyLabelled: number;
  newClusterIds: number[];
  stopReason?: string;
}

/**
 * Improved MeanShift on X (scores in [0,1] per coordinate). `centers` are the MeanShift modes of the round that
 * created each cluster; `bandwidth` is R; info has bandwidthEstimate, upper, rounds, meanshiftRuns.
 */
export function improvedMeanShift(
  X: Points,
  options: ImprovedMeanShiftOptions,
): Clustering & { rounds: RoundInfo[] } {
  const { n, d, data } = X;
  const K = options.minClusterSize;
  const bwEst = options.bandwidthEstimate ?? (n > 0 ? estimateBandwidth(X, options.quantile) : NaN);
  const R = Math.min(bwEst, options.upper);
  const R2 = R * R;
  const labels = new Int32Array(n).fill(-1);
  const centers: number[] = [];
  const rounds: RoundInfo[] = [];
  let nextId = 0;
  let runs = 0;

  for (let round = 1; n > 0; round++) {
    const S: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] < 0) S.push(i);
    const info: RoundInfo = {
      round,
      nUnclusteredIn: S.length,
      meanshiftRun: false,
      meanshiftNClusters: 0,
      meanshiftNIter: 0,
      nResetByDistance: 0,
      nClustersDissolved: 0,
      nPointsInDissolvedClusters: 0,
      nNewClusters: 0,
      nNewlyLabelled: 0,
      newClusterIds: [],
    };
    rounds.push(info);
    if (S.length < K || S.length === 0) {
      info.stopReason = 'too few unclustered points';
      break;
    }
    const ms = meanShift(subsetPoints(X, S), R, options.binSeeding ? { binSeeding: true } : {});
    runs++;
    info.meanshiftRun = true;
    info.meanshiftNClusters = ms.nClusters;
    info.meanshiftNIter = ms.nIter;
    const local = ms.labels;
    const sizes = new Array<number>(ms.nClusters).fill(0);
    for (let s = 0; s < S.length; s++) {
      const l = local[s];
      if (l < 0) continue;
      const o = S[s] * d;
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - ms.centers[l * d + j];
        s2 += t * t;
      }
      if (s2 > R2) {
        local[s] = -1;
        info.nResetByDistance++;
      } else sizes[l]++;
    }
    const newId = new Int32Array(ms.nClusters).fill(-1);
    for (let c = 0; c < ms.nClusters; c++) {
      if (sizes[c] < K) {
        info.nClustersDissolved++;
        info.nPointsInDissolvedClusters += sizes[c];
        continue;
      }
      newId[c] = nextId++;
      info.newClusterIds.push(newId[c]);
      for (let j = 0; j < d; j++) centers.push(ms.centers[c * d + j]);
    }
    info.nNewClusters = info.newClusterIds.length;
    for (let s = 0; s < S.length; s++) {
      const l = local[s];
      if (l >= 0 && newId[l] >= 0) {
        labels[S[s]] = newId[l];
        info.nNewlyLabelled++;
      }
    }
    if (info.nNewClusters === 0) {
      info.stopReason = 'no label changed';
      break;
    }
  }

  return {
    labels,
    centers: Float64Array.from(centers),
    nClusters: nextId,
    bandwidth: R,
    info: { bandwidthEstimate: bwEst, upper: options.upper, rounds: rounds.length, meanshiftRuns: runs },
    rounds,
  };
}
