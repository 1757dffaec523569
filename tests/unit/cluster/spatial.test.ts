import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateBandwidth } from '../../../src/core/cluster/meanshift.ts';
import { distinctRows, pointsFromRows } from '../../../src/core/cluster/points.ts';
import type { Points } from '../../../src/core/cluster/points.ts';
import { KHeap, KdTree, Shell } from '../../../src/core/cluster/spatial.ts';

// lattice values make exact radius ties and duplicates common, the cases an index is most likely to get wrong
const lattice = (d: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: d, maxLength: d }), {
    minLength: 1,
    maxLength: 120,
  });

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

  it('weighted k-th distance (heap and shell paths) agrees with brute force', () => {
    fc.assert(
      fc.property(lattice(4), fc.integer({ min: 1, max: 40 }), (rows, k0) => {
        const X = pointsFromRows(rows.map((r) => r.map((v) => v / 3)));
        const u = distinctRows(X);
        const tree = new KdTree(u.points, u.weights);
        const heap = new KHeap(4);
        const shell = new Shell();
        const k = Math.min(k0, X.n);
        for (let i = 0; i < u.points.n; i++) {
          const q = u.points.data.subarray(i * 4, i * 4 + 4);
          const all: number[] = [];
          for (let p = 0; p < X.n; p++) all.push(bruteD2(X, p, q));
          all.sort((a, b) => a - b);
          const want = all[k - 1];
          expect(tree.kthDist2(u.points.data, i * 4, k, heap)).toBe(want);
          const inShell = tree.kthDist2InShell(
            u.points.data,
            i * 4,
            k,
            want > 0 ? want * 0.5 : -1,
            want * 2 + 1e-12,
            shell,
          );
          expect(inShell).toBe(want);
          // a bracket that misses the answer must report NaN, never a wrong value
          const miss = tree.kthDist2InShell(u.points.data, i * 4, k, want, want * 2 + 1, shell);
          if (!Number.isNaN(miss)) expect(miss).toBe(want);
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
