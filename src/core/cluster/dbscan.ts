/** DBSCAN with scikit-learn semantics on a k-d tree. */
import type { Clustering } from './clustering.ts';
import { memberMeans } from './clustering.ts';
import type { Points } from './points.ts';
import { KdTree } from './spatial.ts';

/**
 * sklearn `DBSCAN(eps, min_samples=minPts)`: core points have ≥ minPts points within distance eps (d2 <= eps²),
 * itself included; clusters are grown from unlabelled core points in index order, border points join the first
 * cluster that reaches them, the rest is noise (−1). Centres are member means; info.nCore counts core points.
 */
export function dbscan(X: Points, eps: number, minPts: number): Clustering {
  const { n, d, data } = X;
  const tree = new KdTree(X);
  const r2 = eps * eps;
  const offsets = new Int32Array(n + 1);
  const nbrs: number[] = [];
  for (let i = 0; i < n; i++) {
    tree.radiusEach(data, i * d, r2, (j) => nbrs.push(j));
    offsets[i + 1] = nbrs.length;
  }
  const isCore = new Uint8Array(n);
  let nCore = 0;
  for (let i = 0; i < n; i++)
    if (offsets[i + 1] - offsets[i] >= minPts) {
      isCore[i] = 1;
      nCore++;
    }
  const labels = new Int32Array(n).fill(-1);
  let k = 0;
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (labels[s] !== -1 || !isCore[s]) continue;
    stack.push(s);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (labels[i] !== -1) continue;
      labels[i] = k;
      if (!isCore[i]) continue;
      for (let t = offsets[i]; t < offsets[i + 1]; t++) if (labels[nbrs[t]] === -1) stack.push(nbrs[t]);
    }
    k++;
  }
  return {
    labels,
    centers: memberMeans(X, labels, k),
    nClusters: k,
    bandwidth: eps,
    info: { nCore, minPts },
  };
}
