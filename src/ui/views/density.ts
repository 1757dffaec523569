/**
 * A density view of a scatter for 0/1 and few-trial data, where thousands of questions share a handful of
 * positions: points of one colour in one cell of a grid become one point whose area grows with their count.
 */
import type { ScatterPoint } from '../plots/types.ts';
import { formatInteger } from '../format.ts';

/** True when the points pile up: fewer distinct positions than a third of the points. */
export function pilesUp(points: readonly { x: number; y: number }[]): boolean {
  if (points.length < 50) return false;
  const seen = new Map<number, Set<number>>();
  const enough = points.length / 3;
  let distinct = 0;
  for (const p of points) {
    let ys = seen.get(p.x);
    if (!ys) seen.set(p.x, (ys = new Set()));
    if (!ys.has(p.y)) {
      ys.add(p.y);
      if (++distinct >= enough) return false;
    }
  }
  return true;
}

/**
 * Bins points on a `cells`×`cells` grid over their range (log10 of x when `xLog`); each bin keeps the colour, its
 * mean position, a size with area proportional to its count (largest bin ×`maxSize` the radius) and a title
 * naming the count and `describe` of its first point.
 */
export function binPoints(
  points: readonly ScatterPoint[],
  xLog: boolean,
  cells = 60,
  maxSize = 4,
): (ScatterPoint & { count: number })[] {
  const fx = (x: number) => (xLog ? Math.log10(x) : x);
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    const x = fx(p.x);
    if (!Number.isFinite(x) || !Number.isFinite(p.y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, p.y);
    y1 = Math.max(y1, p.y);
  }
  const cx = (x1 - x0 || 1) / cells;
  const cy = (y1 - y0 || 1) / cells;
  // numeric keys (colour, column, row): a string per point costs more than the binning itself on 100,000 points
  const colors = new Map<string, number>();
  const side = cells + 1;
  const bins = new Map<number, { sx: number; sy: number; n: number; first: ScatterPoint }>();
  for (const p of points) {
    const x = fx(p.x);
    if (!Number.isFinite(x) || !Number.isFinite(p.y)) continue;
    let c = colors.get(p.color);
    if (c === undefined) colors.set(p.color, (c = colors.size));
    const key = (c * side + Math.round((x - x0) / cx)) * side + Math.round((p.y - y0) / cy);
    const b = bins.get(key);
    if (b) {
      b.sx += p.x;
      b.sy += p.y;
      b.n++;
    } else bins.set(key, { sx: p.x, sy: p.y, n: 1, first: p });
  }
  const most = Math.max(1, ...[...bins.values()].map((b) => b.n));
  return [...bins.values()].map((b) => ({
    x: b.sx / b.n,
    y: b.sy / b.n,
    color: b.first.color,
    key: b.first.key,
    count: b.n,
    size: Math.max(1, maxSize * Math.sqrt(b.n / most)),
    // Read when a tooltip shows it: the first point's own title may be costly to make.
    get title() {
      return b.n === 1 ? b.first.title : `${formatInteger(b.n)} questions here; e.g. ${b.first.title}`;
    },
  }));
}
