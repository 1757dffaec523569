/** Seeded K-means (k-means++ starts, Lloyd iterations, best of nInit) and the paper's "Improved K-means" ablation. */
import { createRandom } from '../util/random.ts';
import type { Random } from '../util/random.ts';
import type { Clustering } from './clustering.ts';
import { clusterSizes } from './clustering.ts';
import type { Points } from './points.ts';

interface Run {
  labels: Int32Array;
  centers: Float64Array;
  inertia: number;
  nIter: number;
}

/** k-means++: first centre uniform, then each next one drawn with probability ∝ squared distance to the nearest. */
function plusPlus(X: Points, k: number, rng: Random): Float64Array {
  const { n, d, data } = X;
  const centers = new Float64Array(k * d);
  const best = new Float64Array(n).fill(Infinity);
  let c = Math.floor(rng.next() * n);
  for (let m = 0; m < k; m++) {
    centers.set(data.subarray(c * d, c * d + d), m * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = data[i * d + j] - centers[m * d + j];
        s2 += t * t;
      }
      if (s2 < best[i]) best[i] = s2;
      total += best[i];
    }
    if (m + 1 === k) break;
    if (total === 0) {
      c = Math.floor(rng.next() * n);
      continue;
    }
    let u = rng.next() * total;
    c = n - 1;
    for (let i = 0; i < n; i++) {
      u -= best[i];
      if (u < 0 && best[i] > 0) {
        c = i;
        break;
      }
    }
  }
  return centers;
}

/**
 * Lloyd iterations with Hamerly's bounds (upper bound to the own centre, lower bound to the second nearest): the
 * same assignments as plain Lloyd, skipping most distance computations once centres settle.
 */
function lloyd(X: Points, centers: Float64Array, k: number, maxIter: number): Run {
  const { n, d, data } = X;
  const labels = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const dist = (i: number, c: number) => {
    let s2 = 0;
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j] - centers[c * d + j];
      s2 += t * t;
    }
    return Math.sqrt(s2);
  };
  const scan = (i: number) => {
    let b1 = Infinity;
    let b2 = Infinity;
    let bi = 0;
    for (let c = 0; c < k; c++) {
      const v = dist(i, c);
      if (v < b1) {
        b2 = b1;
        b1 = v;
        bi = c;
      } else if (v < b2) b2 = v;
    }
    upper[i] = b1;
    lower[i] = b2;
    return bi;
  };
  for (let i = 0; i < n; i++) labels[i] = scan(i);
  let it = 0;
  for (; it < maxIter; it++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const l = labels[i];
      counts[l]++;
      for (let j = 0; j < d; j++) sums[l * d + j] += data[i * d + j];
    }
    for (let c = 0; c < k; c++) {
      const old = centers.slice(c * d, c * d + d);
      if (counts[c] === 0) {
        // empty cluster: move it onto the point worst served so far
        let far = 0;
        for (let i = 1; i < n; i++) if (upper[i] > upper[far]) far = i;
        centers.set(data.subarray(far * d, far * d + d), c * d);
        upper[far] = 0;
      } else for (let j = 0; j < d; j++) centers[c * d + j] = sums[c * d + j] / counts[c];
      let m2 = 0;
      for (let j = 0; j < d; j++) m2 += (centers[c * d + j] - old[j]) ** 2;
      moved[c] = Math.sqrt(m2);
    }
    let r1 = 0;
    for (let c = 1; c < k; c++) if (moved[c] > moved[r1]) r1 = c;
    let m2nd = 0;
    for (let c = 0; c < k; c++) if (c !== r1 && moved[c] > m2nd) m2nd = moved[c];
    for (let i = 0; i < n; i++) {
      upper[i] += moved[labels[i]];
      lower[i] -= labels[i] === r1 ? m2nd : moved[r1];
    }
    for (let c = 0; c < k; c++) {
      let best = Infinity;
      for (let o = 0; o < k; o++) {
        if (o === c) continue;
        let s2 = 0;
        for (let j = 0; j < d; j++) {
          const t = centers[c * d + j] - centers[o * d + j];
          s2 += t * t;
        }
        if (s2 < best) best = s2;
      }
      half[c] = 0.5 * Math.sqrt(best);
    }
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const a = labels[i];
      const m = Math.max(half[a], lower[i]);
      if (upper[i] <= m) continue;
      upper[i] = dist(i, a);
      if (upper[i] <= m) continue;
      const b = scan(i);
      if (b !== a) {
        labels[i] = b;
        changed++;
      }
    }
    if (changed === 0) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist(i, labels[i]) ** 2;
  return { labels, centers, inertia, nIter: it };
}

/**
 * K-means on X: k-means++ starts from a seeded stream (createRandom(seed)) (default 0), Lloyd until no label changes or
 * maxIter (default 300), best inertia (sum of squared distances) of nInit (default 10) starts. k is capped at n.
 * info: inertia, nIter, k.
 */
export function kMeans(
  X: Points,
  k: number,
  options: { seed?: number; nInit?: number; maxIter?: number } = {},
): Clustering {
  const kk = Math.max(1, Math.min(Math.floor(k), X.n));
  const rng = createRandom(options.seed ?? 0);
  let best: Run | null = null;
  if (X.n === 0)
    return {
      labels: new Int32Array(0),
      centers: new Float64Array(0),
      nClusters: 0,
      bandwidth: NaN,
      info: {},
    };
  for (let r = 0; r < Math.max(1, options.nInit ?? 10); r++) {
    const run = lloyd(X, plusPlus(X, kk, rng), kk, options.maxIter ?? 300);
    if (!best || run.inertia < best.inertia) best = run;
  }
  const b = best as Run;
  return {
    labels: b.labels,
    centers: b.centers,
    nClusters: kk,
    bandwidth: NaN,
    info: { inertia: b.inertia, nIter: b.nIter, k: kk },
  };
}

/**
 * "Improved K-means" (METHOD §3.4): the largest k (doubling, then bisection, within 1..n/minClusterSize) whose
 * smallest K-means cluster still has ≥ minClusterSize points; then points farther than 2× the mean member-to-centre distance from
 * their centre become outliers, clusters left below minClusterSize are dissolved and the rest renumbered in order.
 * info: k (searched), searchRuns, outlierThreshold.
 */
export function improvedKMeans(X: Points, options: { minClusterSize: number; seed?: number }): Clustering {
  const { n, d, data } = X;
  const K = Math.max(1, options.minClusterSize);
  const seed = options.seed ?? 0;
  const run = (k: number) => kMeans(X, k, { seed, nInit: 3, maxIter: 100 });
  const ok = (c: Clustering) => Math.min(...clusterSizes(c.labels, c.nClusters)) >= K;
  const kMax = Math.max(1, Math.floor(n / K));
  // doubling then bisection: the expensive large-k runs are only reached when the data support them
  let bestC = run(1);
  let runs = 1;
  let lo = 1;
  let hi = kMax;
  for (let k = 2; k <= kMax; k *= 2) {
    const c = run(k);
    runs++;
    if (!ok(c)) {
      hi = k - 1;
      break;
    }
    lo = k;
    bestC = c;
  }
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const c = run(mid);
    runs++;
    if (ok(c)) {
      lo = mid;
      bestC = c;
    } else hi = mid - 1;
  }
  const dist = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const l = bestC.labels[i];
    let s2 = 0;
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j] - bestC.centers[l * d + j];
      s2 += t * t;
    }
    dist[i] = Math.sqrt(s2);
    mean += dist[i];
  }
  mean = n > 0 ? mean / n : 0;
  const threshold = 2 * mean;
  const labels = Int32Array.from(bestC.labels);
  for (let i = 0; i < n; i++) if (dist[i] > threshold) labels[i] = -1;
  const sizes = clusterSizes(labels, bestC.nClusters);
  const remap = new Int32Array(bestC.nClusters).fill(-1);
  const centers: number[] = [];
  let k = 0;
  for (let c = 0; c < bestC.nClusters; c++)
    if (sizes[c] >= K) {
      remap[c] = k++;
      for (let j = 0; j < d; j++) centers.push(bestC.centers[c * d + j]);
    }
  for (let i = 0; i < n; i++) if (labels[i] >= 0) labels[i] = remap[labels[i]];
  return {
    labels,
    centers: Float64Array.from(centers),
    nClusters: k,
    bandwidth: NaN,
    info: { k: bestC.nClusters, searchRuns: runs, outlierThreshold: threshold },
  };
}
