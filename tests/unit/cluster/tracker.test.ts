import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { noisyPassRates } from '../../../bench/hard-sets.ts';
import { LIMBS, limbGrids, meanOfParts, splitRows } from '../../../src/core/cluster/limbs.ts';
import { distinctRows, pointsFromRows } from '../../../src/core/cluster/points.ts';
import type { Points } from '../../../src/core/cluster/points.ts';
import { KdTree } from '../../../src/core/cluster/spatial.ts';
import { NeighbourhoodTracker } from '../../../src/core/cluster/tracker.ts';
import { createRandom } from '../../../src/core/util/random.ts';

/** The exact-part mean of the rows idx of a tree's slots, summed in the given order. */
function partsMean(tree: KdTree, X: Points, idx: number[]): { weight: number; mean: Float64Array } {
  const d = tree.d;
  const P = LIMBS * d;
  const parts = splitRows(tree.coords, tree.w, d, limbGrids(X));
  const acc = new Float64Array(P);
  let weight = 0;
  for (const k of idx) {
    for (let t = 0; t < P; t++) acc[t] += parts[k * P + t];
    weight += tree.w[k];
  }
  const mean = new Float64Array(d);
  if (weight > 0) meanOfParts(acc, null, weight, d, mean);
  return { weight, mean };
}

/** Slots of the tree within R of m by the exact test (d2 summed over j = 0..d−1, compared with R²). */
function bruteSlots(tree: KdTree, m: Float64Array, R2: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < tree.size; k++) {
    let s2 = 0;
    for (let j = 0; j < tree.d; j++) {
      const t = tree.coords[k * tree.d + j] - m[j];
      s2 += t * t;
    }
    if (s2 <= R2) out.push(k);
  }
  return out;
}

describe('exact limb sums', () => {
  it('give the same bits in any order and stay within an ulp of the plain mean', () => {
    const X = pointsFromRows(noisyPassRates(400, 3));
    const tree = new KdTree(X);
    const rng = createRandom(5);
    const idx = Array.from({ length: tree.size }, (_, k) => k).filter(() => rng.next() < 0.4);
    const a = partsMean(tree, X, idx);
    const shuffled = [...idx];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const b = partsMean(tree, X, shuffled);
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    for (let j = 0; j < X.d; j++) {
      let s = 0;
      for (const k of idx) s += tree.coords[k * X.d + j];
      expect(Math.abs(a.mean[j] - s / idx.length)).toBeLessThanOrEqual(1e-14);
    }
  });

  it('reject non-finite coordinates with a clear error', () => {
    expect(() => limbGrids(pointsFromRows([[0, NaN]]))).toThrow(/finite/);
  });
});

describe('NeighbourhoodTracker', () => {
  it('follows moving means with the exact neighbourhood and its order-free mean (lattice ties included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 150,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 3, maxLength: 3 }), {
          maxLength: 12,
        }),
        (rows, rr, moves) => {
          const X = pointsFromRows(rows.map((r) => r.map((v) => v / 5)));
          const u = distinctRows(X);
          const tree = new KdTree(u.points, u.weights, 4);
          const R = rr / 5;
          const tracker = new NeighbourhoodTracker(tree, u.points, R);
          const m = Float64Array.from(u.points.data.subarray(0, 3));
          tracker.begin();
          let path = 0;
          const out = new Float64Array(3);
          for (const mv of [[0, 0, 0], ...moves]) {
            let s2 = 0;
            for (let j = 0; j < 3; j++) {
              // steps on the 1/10 lattice: means land exactly at distance R from points
              const t = mv[j] / 10;
              m[j] += t;
              s2 += t * t;
            }
            path += Math.sqrt(s2) * (1 + 1e-15);
            const weight = tracker.step(m, path, out);
            const want = partsMean(tree, u.points, bruteSlots(tree, m, R * R));
            expect(weight).toBe(want.weight);
            if (weight > 0) expect(Array.from(out)).toEqual(Array.from(want.mean));
          }
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('tracks noisy pass-rate trajectories exactly, examining fewer elements than a full query per step', () => {
    const X = pointsFromRows(noisyPassRates(1500, 4));
    const u = distinctRows(X);
    const tree = new KdTree(u.points, u.weights);
    const R = Math.sqrt(8) / 10;
    const tracker = new NeighbourhoodTracker(tree, u.points, R);
    const m = new Float64Array(8);
    const out = new Float64Array(8);
    let steps = 0;
    let firstExamined = 0;
    for (let s = 0; s < 20; s++) {
      m.set(tree.coords.subarray(s * 8, s * 8 + 8));
      tracker.begin();
      let path = 0;
      for (let it = 0; it < 40; it++) {
        const before = tracker.examined;
        const weight = tracker.step(m, path, out);
        if (it === 0) firstExamined += tracker.examined - before;
        const want = partsMean(tree, u.points, bruteSlots(tree, m, R * R));
        expect(weight).toBe(want.weight);
        expect(Array.from(out)).toEqual(Array.from(want.mean));
        let s2 = 0;
        for (let j = 0; j < 8; j++) {
          const t = out[j] - m[j];
          s2 += t * t;
          m[j] = out[j];
        }
        path += Math.sqrt(s2);
        steps++;
        if (Math.sqrt(s2) < 1e-3 * R) break;
      }
    }
    const later = (tracker.examined - firstExamined) / (steps - 20);
    expect(later).toBeLessThan(firstExamined / 20);
  });
});
