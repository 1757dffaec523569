import { describe, expect, it } from 'vitest';
import { greedy01, noisyPassRates } from '../../../bench/hard-sets.ts';
import { latticeDenominator, treeLattice } from '../../../src/core/cluster/lattice.ts';
import { NeighbourLists } from '../../../src/core/cluster/neighbours.ts';
import { distinctRows, pointsFromRows } from '../../../src/core/cluster/points.ts';
import type { Points } from '../../../src/core/cluster/points.ts';
import { RadiusSums } from '../../../src/core/cluster/radius.ts';
import { KdTree } from '../../../src/core/cluster/spatial.ts';
import { createRandom } from '../../../src/core/util/random.ts';

const values = (xs: number[]) => Float64Array.from(xs);

describe('latticeDenominator', () => {
  it('finds the least common denominator of pass rates and 0/1 results', () => {
    expect(latticeDenominator(values([0, 1, 1, 0]), 2)).toBe(1);
    expect(latticeDenominator(values([0.07, 0.5, 0.93, 1]), 2)).toBe(100);
    expect(latticeDenominator(values([0.25, 0.5, 0.75, 0]), 1)).toBe(4);
    // 100-sample and 64-sample pass rates mixed: lcm(100, 64)
    expect(latticeDenominator(values([0.37, 5 / 64, 0.5, 0]), 2)).toBe(1600);
    // 1/3 is not exactly a third, but Math.round(v·3)/3 gives it back
    expect(latticeDenominator(values([1 / 3, 2 / 3, 299 / 300]), 3)).toBe(300);
    expect(latticeDenominator(values([-0.5, 2, -3]), 3)).toBe(2);
    expect(latticeDenominator(values([]), 8)).toBe(1);
  });

  it('falls back (0) off the lattice, above the largest denominator, or when sums could be inexact', () => {
    expect(latticeDenominator(values([0.5, Math.PI / 4]), 2)).toBe(0);
    const rng = createRandom(3);
    expect(
      latticeDenominator(
        Float64Array.from({ length: 64 }, () => rng.normal()),
        8,
      ),
    ).toBe(0);
    expect(latticeDenominator(values([1 / 101, 0.5]), 2, undefined, 100)).toBe(0);
    // each value alone fits, their lcm (101·103) does not
    expect(latticeDenominator(values([1 / 101, 1 / 103]), 2, undefined, 10000)).toBe(0);
    expect(latticeDenominator(values([0.5, 1]), 1, values([1, 2.5]))).toBe(0);
    // 2^40·2 numerators times a weight of 2^13: beyond 2^53
    expect(latticeDenominator(values([2 ** 40 + 0.5]), 1, values([2 ** 13]))).toBe(0);
    expect(latticeDenominator(values([2 ** 40 + 0.5]), 1, values([2 ** 11]))).toBe(2);
  });
});

/**
 * Walks through the data (shifts from 0 to 0.9 R, jumps to data points, exact repeats) and compares every lattice list
 * sum with an exact reference: the numerators of the points RadiusSums finds within R (same decisions, even at R)
 * summed as BigInts. Returns the lists built (in all, from other lists, ahead of the query) and the queries made.
 */
function walk(
  X: Points,
  R: number,
  leaf: number,
  seed: number,
  kernelPoints?: number,
): { builds: number; fromLists: number; ahead: number; queries: number; kernelSums: number } {
  const u = distinctRows(X);
  const tree = new KdTree(u.points, u.weights, leaf);
  const D = latticeDenominator(tree.coords, X.d, tree.w);
  expect(D).toBeGreaterThan(0);
  const sums = new RadiusSums(tree);
  const lists = new NeighbourLists(sums, R, 0.7 * R, treeLattice(tree, D), kernelPoints);
  expect(lists.scale).toBe(D);
  const rng = createRandom(seed);
  const { d } = X;
  const m = new Float64Array(d);
  const got = new Float64Array(d);
  const treeSum = new Float64Array(d);
  const exact = new Array<bigint>(d);
  let shift = Infinity;
  let queries = 0;
  for (let q = 0; q < 500; q++) {
    const u0 = rng.next();
    if (q === 0 || u0 < 0.1) {
      const i = rng.int(X.n);
      m.set(X.data.subarray(i * d, i * d + d));
      shift = Infinity;
    } else if (u0 > 0.15) {
      const len = R * (u0 < 0.5 ? 0.02 : u0 < 0.8 ? 0.2 : 0.9) * rng.next();
      const dir = Array.from({ length: d }, () => rng.normal());
      const norm = Math.hypot(...dir);
      for (let j = 0; j < d; j++) m[j] += (len * dir[j]) / norm;
      shift = len;
    }
    const cnt = lists.radiusSum(m, got, shift);
    expect(cnt).toBe(sums.radiusSum(m, 0, R * R, treeSum));
    exact.fill(0n);
    let weight = 0;
    for (let k = 0; k < tree.size; k++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = tree.coords[k * d + j] - m[j];
        s2 += t * t;
      }
      if (s2 > R * R) continue;
      weight += tree.w[k];
      for (let j = 0; j < d; j++)
        exact[j] += BigInt(tree.w[k]) * BigInt(Math.round(tree.coords[k * d + j] * D));
    }
    expect(cnt).toBe(weight);
    for (let j = 0; j < d; j++) expect(got[j]).toBe(Number(exact[j]));
    queries++;
  }
  return {
    builds: lists.builds,
    fromLists: lists.fromLists,
    ahead: lists.ahead,
    queries,
    kernelSums: lists.kernelSums,
  };
}

describe('neighbour lists of lattice points give exact sums', () => {
  it('on noisy 100-sample pass rates in 8-D, large and small leaves', () => {
    const X = pointsFromRows(noisyPassRates(1500, 3));
    for (const leaf of [128, 8]) {
      const { builds, fromLists, ahead, queries, kernelSums } = walk(X, Math.sqrt(8) / 10, leaf, 1);
      expect(builds).toBeLessThan(queries / 2);
      // in 8-D the band test runs in WebAssembly (node has it)
      expect(kernelSums).toBe(queries);
      // lists centred ahead of the query along its last step: the same exact sums too
      expect(ahead).toBeGreaterThan(10);
      // and lists pruned from another list, which keeps its points' slots only
      expect(fromLists).toBeGreaterThan(10);
    }
  });

  it('in 8-D with the band test in JavaScript, and with lists too large for the kernel’s room', () => {
    const X = pointsFromRows(noisyPassRates(1500, 3));
    expect(walk(X, Math.sqrt(8) / 10, 128, 6, 0).kernelSums).toBe(0);
    // lists above 300 points grow out of the kernel's memory and fall back to JavaScript
    const mixed = walk(X, Math.sqrt(8) / 10, 128, 6, 300);
    expect(mixed.kernelSums).toBeGreaterThan(0);
    expect(mixed.kernelSums).toBeLessThan(mixed.queries);
  });

  it('on greedy 0/1 results, with neighbours exactly at the radius', () => {
    const X = pointsFromRows(greedy01(1500, 9));
    walk(X, 1, 128, 2);
    walk(X, Math.SQRT2, 16, 3);
  });

  it('in other dimensions, with 1/4 steps and exact ties at R = 0.5', () => {
    const rng = createRandom(9);
    const rows = Array.from({ length: 900 }, () => [rng.int(9) / 4, rng.int(5) / 4, rng.int(3) / 2 - 1]);
    // up to 8 coordinates the kernel runs them, padded with zeros; beyond, JavaScript does
    for (const w of [
      walk(pointsFromRows(rows), 0.5, 16, 5),
      walk(pointsFromRows(noisyPassRates(800, 5, 5)), 0.25, 32, 4),
    ])
      expect(w.kernelSums).toBe(w.queries);
    const nine = greedy01(600, 9).map((row, i) => [...row, i % 3 === 0 ? 1 : 0]);
    expect(walk(pointsFromRows(nine), 1, 16, 7).kernelSums).toBe(0);
  });
});
