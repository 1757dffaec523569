import { describe, expect, it } from 'vitest';
import { distinctRows, pointsFromRows, RowIndex } from '../../../src/core/cluster/points.ts';
import { createRandom } from '../../../src/core/util/random.ts';

describe('rows by value', () => {
  it('numbers rows in order of first appearance, −0 and 0 as one row kept as first seen', () => {
    const index = new RowIndex(2, 4);
    const src = new Float64Array([1, -0, 2, 3, 1, 0, 0.5, NaN, 2, 3]);
    expect([0, 2, 4, 6, 8].map((o) => index.add(src, o))).toEqual([0, 1, 0, 2, 1]);
    expect(index.count).toBe(3);
    expect(Object.is(index.rows[1], -0)).toBe(true);
    // NaN is never equal to itself: such a row is always new
    expect(index.add(src, 6)).toBe(3);
  });

  it('collapses repeated rows into weighted distinct rows, as a brute-force grouping does', () => {
    const rng = createRandom(2);
    const rows = Array.from({ length: 3000 }, () => Array.from({ length: 3 }, () => rng.int(4) / 2));
    const X = pointsFromRows(rows);
    const u = distinctRows(X);
    const first = new Map<string, number>();
    rows.forEach((r) => first.has(r.join()) || first.set(r.join(), first.size));
    expect(u.points.n).toBe(first.size);
    rows.forEach((r, i) => {
      const k = first.get(r.join())!;
      expect(u.of[i]).toBe(k);
      expect(Array.from(u.points.data.subarray(k * 3, k * 3 + 3))).toEqual(r);
    });
    expect(Array.from(u.weights).reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(u.weights[u.of[0]]).toBe(rows.filter((r) => r.join() === rows[0].join()).length);
  });
});
