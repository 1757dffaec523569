import { describe, expect, it } from 'vitest';
import { placePoints, pointIndex } from '../../../src/ui/plots/placement.ts';
import { makeScale } from '../../../src/ui/plots/scales.ts';

describe('placePoints and pointIndex', () => {
  it('drops points a log axis cannot place and indexes the rest for hover', () => {
    const x = makeScale([1e18, 1e22], [0, 400], true, false);
    const y = makeScale([0, 1], [100, 0]);
    const pts = [
      { x: 1e19, y: 0.5 },
      { x: 0, y: 0.5 },
      { x: 1e21, y: NaN },
      { x: 1e21, y: 1 },
    ];
    const placed = placePoints(pts, x, y);
    expect(placed.idx).toEqual([0, 3]);
    expect(placed.px[0]).toBeCloseTo(100, 9);
    expect(placed.py[1]).toBeCloseTo(0, 9);
    const tree = pointIndex(placed);
    expect(tree.find(298, 3, 10)).toBe(1);
    expect(tree.find(200, 50, 10)).toBeUndefined();
  });
});
