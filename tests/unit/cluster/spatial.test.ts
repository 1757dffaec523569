import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateBandwidth } from '../../../src/core/cluster/meanshift.ts';
import { distinctRows, pointsFromRows } from '../../../src/core/cluster/points.ts';
import type { Points } from '../../../src/core/cluster/points.ts';
import { RadiusSums } from '../../../src/core/cluster/radius.ts';
import { DiagonalSlab } from '../../../src/core/cluster/slab.ts';
import { KHeap, KdTree, Shell } from '../../../src/core/cluster/spatial.ts';

// lattice values make exact radius ties and duplicates common, the cases an index is most likely to get wrong
const lattice = (d: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: d, maxLength: d }), {
    minLength: 1,
    maxLength: 120,
  });

/** The largest double below x (x > 0). */
function nextDown(x: number): number {
  const b = new Float64Array([x]);
  const w = new BigInt64Array(b.buffer);
  w[0] -= 1n;
  return b[0];
}

function bruteD2(X: Points, i: number, q: Float64Array): number {
  let s = 0;
  for (let j = 0; j < X.d; j++) {
    const t = X.data[i * X.d + j] - q[j];
    s += t * t;
  }
  return s;
}

describe('KdTree', () => {
  it('radiusEach agrees with brute force, ties included', () => {
    fc.assert(
      fc.property(lattice(3), fc.integer({ min: 0, max: 10 }), (rows, rr) => {
        const X = pointsFromRows(rows.map((r) => r.map((v) => v / 5)));
        const tree = new KdTree(X);
        const r2 = (rr / 5) * (rr / 5);
        for (let i = 0; i < X.n; i++) {
          const q = X.data.subarray(i * 3, i * 3 + 3);
          const want: number[] = [];
          for (let k = 0; k < X.n; k++) if (bruteD2(X, k, q) <= r2) want.push(k);
          const got: number[] = [];
          tree.radiusEach(X.data, i * 3, r2, (k, d2) => {
            expect(d2).toBe(bruteD2(X, k, q));
            got.push(k);
          });
          expect(got.sort((a, b) => a - b)).toEqual(want);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('radiusSum agrees with brute force, ties included, for small and large leaves', () => {
    fc.assert(
      fc.property(
        lattice(3),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom(2, 16, 128),
        (rows, rr, leaf) => {
          const X = pointsFromRows(rows.map((r) => r.map((v) => v / 5)));
          const sums = new RadiusSums(new KdTree(X, undefined, leaf));
          const r2 = (rr / 5) * (rr / 5);
          const sum = new Float64Array(3);
          for (let i = 0; i < X.n; i++) {
            const q = X.data.subarray(i * 3, i * 3 + 3);
            const cnt = sums.radiusSum(X.data, i * 3, r2, sum);
            const want: number[] = [];
            const ws = [0, 0, 0];
            for (let k = 0; k < X.n; k++)
              if (bruteD2(X, k, q) <= r2) {
                want.push(k);
                for (let j = 0; j < 3; j++) ws[j] += X.data[k * 3 + j];
              }
            expect(cnt).toBe(want.length);
            for (let j = 0; j < 3; j++) expect(sum[j]).toBeCloseTo(ws[j], 10);
          }
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });

  it('equal neighbour sets give bit-identical sums from different query points', () => {
    const rows: number[][] = [];
    for (let i = 0; i < 200; i++) rows.push([(i % 7) * 0.1 + 0.013 * (i % 3), Math.floor(i / 7) * 0.1, 0.3]);
    const X = pointsFromRows(rows);
    const sums = new RadiusSums(new KdTree(X));
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    const q1 = Float64Array.from([0.3, 1.0, 0.3]);
    const q2 = Float64Array.from([0.30001, 1.00001, 0.3]);
    const c1 = sums.radiusSum(q1, 0, 0.0625, a);
    const c2 = sums.radiusSum(q2, 0, 0.0625, b);
    const same: boolean[] = [];
    new KdTree(X).radiusEach(q1, 0, 0.0625, (i) => same.push(bruteD2(X, i, q2) <= 0.0625));
    expect(same.every(Boolean)).toBe(true);
    expect(c1).toBe(c2);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  for (const d of [4, 8])
    it(`weighted k-th distance (tree heap and slab shell) agrees with brute force, d = ${d}`, () => {
      fc.assert(
        fc.property(lattice(d), fc.integer({ min: 1, max: 40 }), (rows, k0) => {
          const X = pointsFromRows(rows.map((r) => r.map((v) => v / 3)));
          const u = distinctRows(X);
          const tree = new KdTree(u.points, u.weights);
          const slab = new DiagonalSlab(u.points.data, u.weights, d);
          const heap = new KHeap(4);
          const shell = new Shell();
          const k = Math.min(k0, X.n);
          for (let i = 0; i < u.points.n; i++) {
            const q = u.points.data.subarray(i * d, i * d + d);
            const all: number[] = [];
            for (let p = 0; p < X.n; p++) all.push(bruteD2(X, p, q));
            all.sort((a, b) => a - b);
            const want = all[k - 1];
            expect(tree.kthDist2(u.points.data, i * d, k, heap)).toBe(want);
            // the thinnest brackets: ties on both bounds and projections exactly at the bound
            for (const [lo2, hi2] of [
              [want > 0 ? want * 0.5 : -1, want * 2 + 1e-12],
              [want > 0 ? nextDown(want) : -1, want],
            ]) {
              const got = slab.kthDist2InShell(u.points.data, i * d, k, lo2, hi2, Math.sqrt(hi2), shell);
              expect(got).toBe(want);
            }
            // a bracket that misses the answer must report NaN, never a wrong value
            for (const [lo2, hi2] of [
              [want, want * 2 + 1],
              [-1, want > 0 ? nextDown(want) : -1],
            ]) {
              const miss = slab.kthDist2InShell(
                u.points.data,
                i * d,
                k,
                lo2,
                hi2,
                Math.sqrt(Math.max(0, hi2)),
                shell,
              );
              if (!Number.isNaN(miss)) expect(miss).toBe(want);
            }
          }
        }),
        { numRuns: 60, seed: 5 },
      );
    });
});

describe('estimateBandwidth', () => {
  it('equals the brute-force definition on lattice data with duplicates', () => {
    fc.assert(
      fc.property(lattice(5), fc.double({ min: 0.01, max: 0.9, noNaN: true }), (rows, qt) => {
        const X = pointsFromRows(rows.map((r) => r.map((v) => v / 6)));
        const k = Math.max(1, Math.floor(X.n * qt));
        let s = 0;
        for (let i = 0; i < X.n; i++) {
          const all: number[] = [];
          for (let p = 0; p < X.n; p++) all.push(bruteD2(X, p, X.data.subarray(i * 5, i * 5 + 5)));
          all.sort((a, b) => a - b);
          s += Math.sqrt(all[k - 1]);
        }
        const want = s / X.n;
        expect(Math.abs(estimateBandwidth(X, qt) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
      }),
      { numRuns: 80, seed: 3 },
    );
  });
});
