/**
 * Exact weighted coordinate sums. Every coordinate is split once into LIMBS parts, each an integer multiple of its
 * own power-of-two grid with at most 26 significant bits; sums of such parts are exact in float64 while the total
 * weight stays below 2^27. A sum of a point set is therefore the same bits whatever the order or grouping the points
 * were added in (whole k-d nodes, incremental adds and removals), and its rounding to a double is within one unit in
 * the last place of the exact sum (plus 2^-78 of the largest coordinate for bits below the last grid).
 */
import type { Points } from './points.ts';

/** Parts per coordinate. */
export const LIMBS = 3;
const BITS = 26;
/** Largest total weight whose limb sums are exact. */
export const MAX_EXACT_WEIGHT = 2 ** 27;

/** The grids of the parts for coordinates bounded by max |x|: grid[l] = 2^(E − 26(l+1)) with max |x| <= 2^E. */
export function limbGrids(X: Points): Float64Array {
  let max = 0;
  for (let i = 0; i < X.data.length; i++) {
    const a = Math.abs(X.data[i]);
    if (!(a <= Number.MAX_VALUE)) throw new Error(`MeanShift needs finite coordinates (value ${X.data[i]})`);
    if (a > max) max = a;
  }
  let E = max > 0 ? Math.ceil(Math.log2(max)) : 0;
  if (2 ** E < max) E++;
  E = Math.max(E, -900);
  return Float64Array.from({ length: LIMBS }, (_, l) => 2 ** (E - BITS * (l + 1)));
}

/**
 * Row-major n×(LIMBS·d) parts of w_i·x_i: part l of coordinate j at [i·LIMBS·d + l·d + j]. Coordinates must lie
 * within the grids' range (limbGrids of a superset).
 */
export function splitRows(
  coords: Float64Array,
  w: Float64Array,
  d: number,
  grids: Float64Array,
): Float64Array {
  const n = w.length;
  const out = new Float64Array(n * LIMBS * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      let r = coords[i * d + j];
      for (let l = 0; l < LIMBS; l++) {
        const g = grids[l];
        const part = Math.round(r / g) * g;
        r -= part;
        out[i * LIMBS * d + l * d + j] = w[i] * part;
      }
    }
  return out;
}

/** acc[0 .. LIMBS·d) += sign · src[so .. so + LIMBS·d) (exact). */
export function addParts(acc: Float64Array, src: Float64Array, so: number, len: number, sign: number): void {
  if (sign > 0) for (let t = 0; t < len; t++) acc[t] += src[so + t];
  else for (let t = 0; t < len; t++) acc[t] -= src[so + t];
}

/**
 * The mean of a set from its exact part sums a (and, when b is given, b added part by part: also exact) and total
 * weight: coordinate j = ((S_0 + S_1) + S_2) / weight, written into out.
 */
export function meanOfParts(
  a: Float64Array,
  b: Float64Array | null,
  weight: number,
  d: number,
  out: Float64Array,
): void {
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let l = 0; l < LIMBS; l++) s += b ? a[l * d + j] + b[l * d + j] : a[l * d + j];
    out[j] = s / weight;
  }
}
