/** Clamped cubic B-splines on [0, 1]: knot vectors, basis values and evaluation. */

/** Full knot vector [0,0,0,0, interior…, 1,1,1,1] for the given strictly increasing interior knots in (0,1). */
export function clampedKnots(interior: number[]): number[] {
  return [0, 0, 0, 0, ...interior, 1, 1, 1, 1];
}

/** Index k with t[k] ≤ x < t[k+1] among the non-empty spans (x = 1 falls in the last one). */
function span(t: number[], x: number): number {
  const last = t.length - 5;
  if (x >= t[last + 1]) return last;
  let lo = 3;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Writes the 4 non-zero cubic basis values at x into out and returns the index of the first (The NURBS Book A2.2). */
export function basis(t: number[], x: number, out: Float64Array): number {
  const k = span(t, x);
  const left = [0, 0, 0, 0];
  const right = [0, 0, 0, 0];
  out[0] = 1;
  for (let j = 1; j <= 3; j++) {
    left[j] = x - t[k + 1 - j];
    right[j] = t[k + j] - x;
    let saved = 0;
    for (let r = 0; r < j; r++) {
      const tmp = out[r] / (right[r + 1] + left[j - r]);
      out[r] = saved + right[r + 1] * tmp;
      saved = left[j - r] * tmp;
    }
    out[j] = saved;
  }
  return k - 3;
}

/** Σ cᵢ Bᵢ(x) for x in [0, 1]. */
export function evalSpline(t: number[], c: number[], x: number): number {
  const b = new Float64Array(4);
  const first = basis(t, x, b);
  return c[first] * b[0] + c[first + 1] * b[1] + c[first + 2] * b[2] + c[first + 3] * b[3];
}
