/** scikit-learn's estimate_bandwidth, exact: k-th-neighbour distances bracketed by the previous points' (slab.ts). */
import { distinctRows } from './points.ts';
import type { Points } from './points.ts';
import { DiagonalSlab } from './slab.ts';
import { KHeap, KdTree, Shell } from './spatial.ts';

/**
 * sklearn `estimate_bandwidth(X, quantile)` with all points: mean over points of the distance to the k-th nearest
 * neighbour counting the point itself, k = max(1, floor(n·quantile)). Same units as X.
 */
export function estimateBandwidth(X: Points, quantile: number): number {
  const { n, d } = X;
  if (n === 0) return NaN;
  const k = Math.max(1, Math.floor(n * quantile));
  const u = distinctRows(X);
  // k-th distances are exact whatever the tree: larger leaves mean fewer box tests
  const tree = new KdTree(u.points, u.weights, 48);
  const heap = new KHeap(Math.min(k, u.points.n) + 1);
  const shell = new Shell();
  const kth = new Float64Array(u.points.n);
  // Tree order keeps consecutive queries close: |D_k(q) - D_k(p)| <= |q - p| brackets the answer in a thin shell.
  const c = tree.coords;
  const slab = new DiagonalSlab(c, tree.w, d);
  const kthSlot = new Float64Array(u.points.n);
  for (let s = 0; s < u.points.n; s++) {
    let v = NaN;
    // |D_k(q) - D_k(p)| <= |q - p| for each of the last few points: intersect their brackets
    let lo = 0;
    let hi = Infinity;
    for (let p = Math.max(0, s - 8); p < s; p++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = c[s * d + j] - c[p * d + j];
        s2 += t * t;
      }
      const delta = Math.sqrt(s2);
      lo = Math.max(lo, kthSlot[p] - delta);
      hi = Math.min(hi, kthSlot[p] + delta);
    }
    if (s > 0) {
      lo *= 1 - 1e-9;
      hi = hi * (1 + 1e-9) + 1e-300;
      v = slab.kthDist2InShell(c, s * d, k, lo > 0 ? lo * lo : -1, hi * hi, hi, shell);
    }
    if (Number.isNaN(v)) v = tree.kthDist2(c, s * d, k, heap);
    kthSlot[s] = Math.sqrt(v);
    kth[tree.index[s]] = kthSlot[s];
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += kth[u.of[i]];
  return s / n;
}
