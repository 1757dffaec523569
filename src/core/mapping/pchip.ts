/** Monotone piecewise-cubic Hermite interpolation (Fritsch–Carlson slopes, SciPy's PchipInterpolator rules). */

export interface Pchip {
  xs: number[];
  ys: number[];
  ds: number[];
}

/** Slopes for nodes with strictly increasing xs; the interpolant is monotone wherever the data are. */
export function pchipSlopes(xs: number[], ys: number[]): number[] {
  const n = xs.length;
  if (n < 2) return new Array<number>(n).fill(0);
  const h = xs.slice(1).map((x, i) => x - xs[i]);
  const delta = h.map((hi, i) => (ys[i + 1] - ys[i]) / hi);
  if (n === 2) return [delta[0], delta[0]];
  const d = new Array<number>(n).fill(0);
  for (let k = 1; k < n - 1; k++) {
    if (delta[k - 1] * delta[k] <= 0) continue;
    const w1 = 2 * h[k] + h[k - 1];
    const w2 = h[k] + 2 * h[k - 1];
    d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
  }
  const end = (h0: number, h1: number, m0: number, m1: number) => {
    const v = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
    if (Math.sign(v) !== Math.sign(m0)) return 0;
    if (Math.sign(m0) !== Math.sign(m1) && Math.abs(v) > 3 * Math.abs(m0)) return 3 * m0;
    return v;
  };
  d[0] = end(h[0], h[1], delta[0], delta[1]);
  d[n - 1] = end(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  return d;
}

/** Value at x (clamped to the node range). */
export function evalPchip(p: Pchip, x: number): number {
  const { xs, ys, ds } = p;
  const n = xs.length;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const h = xs[hi] - xs[lo];
  const t = (x - xs[lo]) / h;
  const t2 = t * t;
  const t3 = t2 * t;
  return (
    (2 * t3 - 3 * t2 + 1) * ys[lo] +
    (t3 - 2 * t2 + t) * h * ds[lo] +
    (-2 * t3 + 3 * t2) * ys[hi] +
    (t3 - t2) * h * ds[hi]
  );
}
