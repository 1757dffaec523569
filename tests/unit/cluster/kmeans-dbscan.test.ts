import { describe, expect, it } from 'vitest';
import { clusterSizes, intraClusterDistance, outlierRate } from '../../../src/core/cluster/clustering.ts';
import type { Clustering } from '../../../src/core/cluster/clustering.ts';
import { dbscan } from '../../../src/core/cluster/dbscan.ts';
import { improvedKMeans, kMeans } from '../../../src/core/cluster/kmeans.ts';
import { pointsFromRows } from '../../../src/core/cluster/points.ts';
import type { Points } from '../../../src/core/cluster/points.ts';
import { createRandom } from '../../../src/core/util/random.ts';
import { loadFixture } from './fixtures.ts';

const load = (name: string) => pointsFromRows(loadFixture(`meanshift/${name}.json`).inputs.X);

function d2(X: Points, i: number, c: Float64Array, k: number): number {
  let s = 0;
  for (let j = 0; j < X.d; j++) s += (X.data[i * X.d + j] - c[k * X.d + j]) ** 2;
  return s;
}

function inertia(X: Points, c: Clustering): number {
  let s = 0;
  for (let i = 0; i < X.n; i++) s += d2(X, i, c.centers, c.labels[i]);
  return s;
}

/** Textbook DBSCAN by brute force, written independently of the implementation. */
function bruteDbscan(X: Points, eps: number, minPts: number): number[] {
  const n = X.n;
  const nb: number[][] = [];
  for (let i = 0; i < n; i++) {
    nb.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < X.d; t++) s += (X.data[i * X.d + t] - X.data[j * X.d + t]) ** 2;
      if (s <= eps * eps) nb[i].push(j);
    }
  }
  const core = nb.map((a) => a.length >= minPts);
  const labels = new Array<number>(n).fill(-1);
  let k = 0;
  for (let s = 0; s < n; s++) {
    if (labels[s] !== -1 || !core[s]) continue;
    const queue = [s];
    labels[s] = k;
    while (queue.length) {
      const i = queue.shift() as number;
      if (!core[i]) continue;
      for (const j of nb[i])
        if (labels[j] === -1) {
          labels[j] = k;
          queue.push(j);
        }
    }
    k++;
  }
  return labels;
}

describe('kMeans', () => {
  const X = load('blobs2d_500');

  it('is deterministic for a seed and labels every point with its nearest centre', () => {
    const a = kMeans(X, 4, { seed: 7 });
    const b = kMeans(X, 4, { seed: 7 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centers)).toEqual(Array.from(b.centers));
    expect(a.nClusters).toBe(4);
    expect(outlierRate(a)).toBe(0);
    for (let i = 0; i < X.n; i++)
      for (let k = 0; k < 4; k++)
        expect(d2(X, i, a.centers, a.labels[i])).toBeLessThanOrEqual(d2(X, i, a.centers, k));
    for (let k = 0; k < 4; k++) {
      let sx = 0;
      let sy = 0;
      let c = 0;
      for (let i = 0; i < X.n; i++)
        if (a.labels[i] === k) {
          sx += X.data[2 * i];
          sy += X.data[2 * i + 1];
          c++;
        }
      expect(a.centers[2 * k]).toBeCloseTo(sx / c, 12);
      expect(a.centers[2 * k + 1]).toBeCloseTo(sy / c, 12);
    }
    expect(a.info.inertia).toBeCloseTo(inertia(X, a), 9);
  });

  it('beats or equals random-partition restarts and finds the three blobs of blobs2d_50', () => {
    const best = kMeans(X, 4, { seed: 1 });
    const rng = createRandom(99);
    for (let r = 0; r < 20; r++) {
      const idx = new Set<number>();
      while (idx.size < 4) idx.add(rng.int(X.n));
      const centers = Float64Array.from([...idx].flatMap((i) => [X.data[2 * i], X.data[2 * i + 1]]));
      const labels = new Int32Array(X.n);
      for (let i = 0; i < X.n; i++) {
        let bk = 0;
        for (let k = 1; k < 4; k++) if (d2(X, i, centers, k) < d2(X, i, centers, bk)) bk = k;
        labels[i] = bk;
      }
      const random = { labels, centers, nClusters: 4, bandwidth: NaN, info: {} };
      expect(best.info.inertia).toBeLessThanOrEqual(inertia(X, random) + 1e-9);
    }
    const f = loadFixture('meanshift/blobs2d_50.json');
    const c = kMeans(pointsFromRows(f.inputs.X), 3, { seed: 3 });
    const truth: number[] = f.expected.default.labels;
    const pairs = new Set(truth.map((t, i) => `${t}:${c.labels[i]}`));
    expect(pairs.size).toBe(3);
  });

  it('more clusters never raise the best inertia much; k is capped at n', () => {
    const i3 = kMeans(X, 3, { seed: 2 }).info.inertia;
    const i6 = kMeans(X, 6, { seed: 2 }).info.inertia;
    expect(i6).toBeLessThan(i3);
    const small = pointsFromRows([
      [0, 0],
      [1, 1],
    ]);
    expect(kMeans(small, 5).nClusters).toBe(2);
  });
});

describe('improvedKMeans', () => {
  it('keeps clusters of at least minClusterSize and marks far points as outliers', () => {
    const X = load('blobs2d_500');
    const c = improvedKMeans(X, { minClusterSize: 10, seed: 4 });
    const again = improvedKMeans(X, { minClusterSize: 10, seed: 4 });
    expect(Array.from(c.labels)).toEqual(Array.from(again.labels));
    expect(c.info.k).toBeGreaterThan(4);
    expect(c.nClusters).toBeGreaterThan(0);
    expect(Math.min(...clusterSizes(c.labels, c.nClusters))).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < X.n; i++)
      if (c.labels[i] >= 0)
        expect(Math.sqrt(d2(X, i, c.centers, c.labels[i]))).toBeLessThanOrEqual(c.info.outlierThreshold);
    expect(outlierRate(c)).toBeGreaterThan(0);
    expect(outlierRate(c)).toBeLessThan(0.5);
    expect(intraClusterDistance(X, c)).toBeLessThan(intraClusterDistance(X, kMeans(X, 4, { seed: 4 })));
  });
});

describe('dbscan', () => {
  const cases: [string, number, number][] = [
    ['blobs2d_50', 0.6, 4],
    ['blobs2d_500', 0.4, 5],
    ['blobs2d_500', 0.25, 8],
    ['dups3d_300', 0.25, 5],
    ['passrate8d_300', 0.2, 5],
  ];
  for (const [name, eps, minPts] of cases) {
    it(`matches a brute-force DBSCAN on ${name} (eps ${eps}, minPts ${minPts})`, () => {
      const X = load(name);
      const c = dbscan(X, eps, minPts);
      expect(Array.from(c.labels)).toEqual(bruteDbscan(X, eps, minPts));
      expect(c.bandwidth).toBe(eps);
      expect(c.nClusters).toBe(Math.max(-1, ...c.labels) + 1);
    });
  }

  it('counts the point itself and takes exact-eps neighbours', () => {
    const X = pointsFromRows([[0], [1], [2], [10]]);
    expect(Array.from(dbscan(X, 1, 3).labels)).toEqual([0, 0, 0, -1]);
    expect(Array.from(dbscan(X, 1, 4).labels)).toEqual([-1, -1, -1, -1]);
    expect(Array.from(dbscan(X, 0.5, 1).labels)).toEqual([0, 1, 2, 3]);
  });
});
