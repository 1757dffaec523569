/** Pixel placement and hover index of scatter points (pure; shared by the SVG and canvas paths of Scatter). */
import { quadtree, type Quadtree } from 'd3';

export interface Placed {
  /** Index into the input of each placed point. */
  idx: number[];
  px: number[];
  py: number[];
}

/** Pixel positions of the points both scales map to finite numbers (a log axis drops x ≤ 0 unless clamped). */
export function placePoints(
  points: readonly { x: number; y: number }[],
  x: (v: number) => number,
  y: (v: number) => number,
): Placed {
  const idx: number[] = [];
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = x(points[i].x);
    const b = y(points[i].y);
    if (Number.isFinite(a) && Number.isFinite(b)) {
      idx.push(i);
      px.push(a);
      py.push(b);
    }
  }
  return { idx, px, py };
}

/** Quadtree over placed points holding positions into `placed` (not into the input), for nearest-point hover. */
export function pointIndex(placed: Placed): Quadtree<number> {
  return quadtree<number>()
    .x((j) => placed.px[j])
    .y((j) => placed.py[j])
    .addAll(placed.idx.map((_, j) => j));
}
