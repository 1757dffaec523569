import { describe, expect, it } from 'vitest';
import { noisyPassRates } from '../../../bench/hard-sets.ts';
import { Arena } from '../../../src/core/cluster/arena.ts';
import { distinctRows, pointsFromRows } from '../../../src/core/cluster/points.ts';
import { PrunedTree } from '../../../src/core/cluster/pruned.ts';
import { KdTree } from '../../../src/core/cluster/spatial.ts';

describe('Arena', () => {
  it('carves disjoint, aligned arrays out of one buffer, and refuses what does not fit', () => {
    expect(Arena.bytes(3, 4)).toBe(16);
    expect(Arena.bytes(3, 8)).toBe(24);
    const arena = new Arena(Arena.bytes(3, 4) + Arena.bytes(2, 8));
    const a = arena.i32(3);
    const b = arena.f64(2);
    expect(a.buffer).toBe(b.buffer);
    expect(b.byteOffset % 8).toBe(0);
    a.fill(-1);
    b.fill(0.5);
    expect([...a]).toEqual([-1, -1, -1]);
    expect([...b]).toEqual([0.5, 0.5]);
    expect(() => arena.i32(1)).toThrow(RangeError);
  });
});

describe('PrunedTree', () => {
  it('keeps the same points, distances and records without their coordinates, whether pruned from the tree or a list', () => {
    const u = distinctRows(pointsFromRows(noisyPassRates(1500, 4)));
    const tree = new KdTree(u.points, u.weights, 32);
    const d = u.points.d;
    const points = tree.size;
    const arena = new Arena(2 * PrunedTree.arenaBytes(d, points, false));
    const centre = u.points.data.slice(7 * d, 8 * d);
    const R = Math.sqrt(8) / 10;
    const lists = (packs: boolean) => {
      const wide = new PrunedTree(d, points, 8, packs ? undefined : arena, packs);
      wide.rebuild(tree, centre, 0.01 * R * R, 2.25 * R * R, 0.1 * R * R);
      const tight = new PrunedTree(d, 16, 8, packs ? undefined : arena, packs);
      tight.rebuild(tree, centre, 0.04 * R * R, 1.5 * R * R, 0.05 * R * R, wide);
      return [wide, tight];
    };
    const full = lists(true);
    const lean = lists(false);
    for (let i = 0; i < 2; i++) {
      const [a, b] = [full[i], lean[i]];
      expect(a.nPts).toBeGreaterThan(20);
      expect(b.coords.length).toBe(0);
      expect([b.nPts, b.nRec, b.root]).toEqual([a.nPts, a.nRec, a.root]);
      expect([...b.slot.subarray(0, b.nPts)]).toEqual([...a.slot.subarray(0, a.nPts)]);
      expect([...b.rho2.subarray(0, b.nPts)]).toEqual([...a.rho2.subarray(0, a.nPts)]);
      for (const f of ['kind', 'node', 'a', 'b'] as const)
        expect([...b[f].subarray(0, b.nRec)]).toEqual([...a[f].subarray(0, a.nRec)]);
      // the packed coordinates are the tree's own at the same slots
      for (let k = 0; k < a.nPts; k++)
        for (let j = 0; j < d; j++) expect(a.coords[k * d + j]).toBe(tree.coords[a.slot[k] * d + j]);
    }
  });
});
