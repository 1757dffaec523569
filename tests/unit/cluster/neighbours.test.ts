import { describe, expect, it } from 'vitest';
import { greedy01, noisyPassRates } from '../../../bench/hard-sets.ts';
import { NeighbourLists } from '../../../src/core/cluster/neighbours.ts';
import { distinctRows, pointsFromRows } from '../../../src/core/cluster/points.ts';
import type { Points } from '../../../src/core/cluster/points.ts';
import { RadiusSums } from '../../../src/core/cluster/radius.ts';
import { KdTree } from '../../../src/core/cluster/spatial.ts';
import { createRandom } from '../../../src/core/util/random.ts';

/**
 * Walks through the data (shifts from 0 to 0.9 R, jumps to data points, exact repeats) and compares every list sum
 * with RadiusSums' bit for bit; returns the lists built and the queries made.
 */
function walk(
  X: Points,
  R: number,
  leaf: number,
  seed: number,
): { builds: number; fromLists: number; ahead: number; queries: number } {
  const u = distinctRows(X);
  const sums = new RadiusSums(new KdTree(u.points, u.weights, leaf));
  const lists = new NeighbourLists(sums, R, 0.7 * R);
  const rng = createRandom(seed);
  const { d } = X;
  const m = new Float64Array(d);
  const a = new Float64Array(d);
  const b = new Float64Array(d);
  let queries = 0;
  let shift = Infinity;
  for (let q = 0; q < 600; q++) {
    const u0 = rng.next();
    if (q === 0 || u0 < 0.1) {
      const i = rng.int(X.n);
      m.set(X.data.subarray(i * d, i * d + d));
      shift = Infinity;
    } else if (u0 > 0.15) {
      const len = R * (u0 < 0.5 ? 0.02 : u0 < 0.8 ? 0.2 : 0.9) * rng.next();
      let n2 = 0;
      const dir = Array.from({ length: d }, () => rng.normal());
      for (const v of dir) n2 += v * v;
      for (let j = 0; j < d; j++) m[j] += (len * dir[j]) / Math.sqrt(n2);
      shift = len;
    }
    const cb = lists.radiusSum(m, b, shift);
    const ca = sums.radiusSum(m, 0, R * R, a);
    expect(cb).toBe(ca);
    // Object.is compares every bit (and separates −0 from +0)
    for (let j = 0; j < d; j++) expect(Object.is(b[j], a[j])).toBe(true);
    queries++;
  }
  return { builds: lists.builds, fromLists: lists.fromLists, ahead: lists.ahead, queries };
}

describe('neighbour lists give the k-d tree’s radius sums bit for bit', () => {
  it('on noisy pass rates in 8-D (the unrolled path), large and small leaves', () => {
    const X = pointsFromRows(noisyPassRates(2000, 3));
    for (const leaf of [128, 8]) {
      const { builds, fromLists, ahead, queries } = walk(X, Math.sqrt(8) / 10, leaf, 1);
      expect(builds).toBeLessThan(queries / 2);
      // off the lattice, lists stay centred on the query
      expect(ahead).toBe(0);
      // tight lists pruned from a wider one: the same sums as the tree's too
      expect(fromLists).toBeGreaterThan(10);
    }
  });

  it('on greedy 0/1 results, with neighbours exactly at the radius', () => {
    const X = pointsFromRows(greedy01(1500, 9));
    expect(walk(X, 1, 128, 2).fromLists + walk(X, 1.5, 16, 3).fromLists).toBeGreaterThan(0);
  });

  it('in other dimensions (the general path)', () => {
    const a = walk(pointsFromRows(noisyPassRates(1200, 5, 5)), 0.25, 32, 4);
    const rng = createRandom(9);
    const rows = Array.from({ length: 900 }, () => [rng.normal(), 3 + rng.normal(), rng.next()]);
    const b = walk(pointsFromRows(rows), 0.6, 16, 5);
    expect(a.fromLists + b.fromLists).toBeGreaterThan(0);
  });
});
