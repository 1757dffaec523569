/** The common result of every clustering algorithm, and metrics on it (Table 3 of the paper: IAD, OR). */
import type { Points } from './points.ts';

export interface Clustering {
  /** Per point: cluster id 0..k-1, or −1 = outlier / unclustered. */
  labels: Int32Array;
  /** k×d: MeanShift modes / K-means centres / DBSCAN member means. */
  centers: Float64Array;
  nClusters: number;
  /** The radius used (NaN where not applicable). */
  bandwidth: number;
  /** Algorithm diagnostics (rounds, bandwidthEstimate, …). */
  info: Record<string, number>;
}

/** IAD: mean Euclidean distance of clustered points to their cluster's centre (NaN when nothing is clustered). */
export function intraClusterDistance(X: Points, c: Clustering): number {
  const { n, d, data } = X;
  let s = 0;
  let cnt = 0;
  for (let i = 0; i < n; i++) {
    const l = c.labels[i];
    if (l < 0) continue;
    let s2 = 0;
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j] - c.centers[l * d + j];
      s2 += t * t;
    }
    s += Math.sqrt(s2);
    cnt++;
  }
  return cnt > 0 ? s / cnt : NaN;
}

/** OR: share of points labelled −1, in [0,1] (0 for an empty set). */
export function outlierRate(c: Clustering): number {
  const n = c.labels.length;
  if (n === 0) return 0;
  let k = 0;
  for (let i = 0; i < n; i++) if (c.labels[i] < 0) k++;
  return k / n;
}

/** k×d arithmetic means of each cluster's members (zeros for an empty cluster). */
export function memberMeans(X: Points, labels: Int32Array, k: number): Float64Array {
  const { n, d, data } = X;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l < 0) continue;
    counts[l]++;
    for (let j = 0; j < d; j++) sums[l * d + j] += data[i * d + j];
  }
  for (let c = 0; c < k; c++) if (counts[c] > 0) for (let j = 0; j < d; j++) sums[c * d + j] /= counts[c];
  return sums;
}

/** Number of members of each cluster 0..k-1. */
export function clusterSizes(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) sizes[labels[i]]++;
  return sizes;
}
