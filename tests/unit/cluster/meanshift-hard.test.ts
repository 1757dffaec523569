import { describe, expect, it } from 'vitest';
import { greedy01, noisyPassRates } from '../../../bench/hard-sets.ts';
import { meanShift } from '../../../src/core/cluster/meanshift.ts';
import type { MeanShiftProbe } from '../../../src/core/cluster/meanshift.ts';
import { pointsFromRows } from '../../../src/core/cluster/points.ts';

/** FNV-1a-style digest of a label vector (labels + 1, so −1 counts too). */
function digest(labels: ArrayLike<number>): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < labels.length; i++) h = Math.imul(h ^ (labels[i] + 1), 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * scikit-learn 1.2.1 `MeanShift(bandwidth=R).fit(X)` (Debian python3-sklearn) on the bench's hard sets, points
 * written with 17 significant digits: n_iter_, the cluster sizes in its centre order and a digest of labels_.
 */
const SKLEARN = [
  {
    name: '1,500 noisy pass rates × 8',
    rows: () => noisyPassRates(1500, 4),
    R: Math.sqrt(8) / 10,
    nIter: 76,
    sizes: [358, 147, 245, 109, 107, 96, 121, 104, 9, 8, 1, 12, 2, 20, 6, 7, 6, 6, 3, 2, 6, 33, 2, 90],
    digest: 0xcb827ecd,
  },
  {
    name: '800 noisy pass rates × 5',
    rows: () => noisyPassRates(800, 12, 5),
    R: 0.25,
    nIter: 33,
    sizes: [288, 107, 149, 100, 85, 63, 8],
    digest: 0xc8b0f8a3,
  },
  {
    name: '800 greedy 0/1 × 8',
    rows: () => greedy01(800, 9),
    R: 1.2,
    nIter: 13,
    sizes: [424, 329, 20, 19, 8],
    digest: 0x1e83a0bd,
  },
  {
    name: '800 greedy 0/1 × 8, neighbours exactly at R',
    rows: () => greedy01(800, 9),
    R: 1,
    nIter: 5,
    sizes: [
      212, 47, 65, 38, 42, 33, 38, 32, 17, 30, 31, 16, 11, 15, 15, 14, 28, 10, 11, 8, 20, 7, 11, 40, 6, 2, 1,
    ],
    digest: 0x98963613,
  },
];

describe('exact MeanShift gives scikit-learn’s labels and n_iter on the hard sets', () => {
  for (const s of SKLEARN)
    it(s.name, () => {
      const probe: MeanShiftProbe = {};
      const r = meanShift(pointsFromRows(s.rows()), s.R, {}, probe);
      expect(r.nIter).toBe(s.nIter);
      const sizes = new Array<number>(r.nClusters).fill(0);
      for (const l of r.labels) sizes[l]++;
      expect(sizes).toEqual(s.sizes);
      expect(digest(r.labels)).toBe(s.digest);
      // the neighbour lists serve several steps each
      expect(probe.lists).toBeLessThan(probe.steps!);
    });
});
