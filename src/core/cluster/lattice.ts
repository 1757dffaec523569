/**
 * Lattice points for exact MeanShift: when every coordinate is a fraction k/D of one small common denominator (pass
 * rates of a fixed number of samples, 0/1 results), sums of the integer numerators are exact in doubles, so they do
 * not depend on the order of the terms and a mean is one correctly rounded division of exact quantities.
 */
import type { KdTree } from './spatial.ts';

/** Largest common denominator looked for (a value that needs more is treated as off the lattice). */
export const MAX_DENOMINATOR = 65536;

function onLattice(v: number, D: number): boolean {
  return Math.round(v * D) / D === v;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The least D ≤ maxDenominator with Math.round(v·D)/D === v for every value v, or 0 when there is none, when a
 * weight is not an integer, or when Σ weight·|numerator| could exceed 2^53 (sums would no longer be exact).
 * `weights` (one per row of d values) default to 1.
 */
export function latticeDenominator(
  values: Float64Array,
  d: number,
  weights?: Float64Array,
  maxDenominator = MAX_DENOMINATOR,
): number {
  let D = 1;
  let largest = 0;
  // indexed loops: an iterator's results were 6 MB of garbage on 12,000 × 8 values, each new page a fault
  let lastChange = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!onLattice(v, D)) {
      lastChange = i;
      // D grows at least twofold each time (the lcm with a denominator that does not divide it)
      let own = 0;
      for (let q = 2; q <= maxDenominator; q++)
        if (onLattice(v, q)) {
          own = q;
          break;
        }
      if (own === 0) return 0;
      D = (D / gcd(D, own)) * own;
      if (D > maxDenominator) return 0;
    }
    largest = Math.max(largest, Math.abs(v));
  }
  // every value's own denominator divides D, but check D itself (the values after its last change were)
  for (let i = 0; i <= lastChange; i++) if (!onLattice(values[i], D)) return 0;
  let total = 0;
  const rows = d > 0 ? values.length / d : 0;
  for (let i = 0; i < rows; i++) {
    const w = weights ? weights[i] : 1;
    if (!Number.isInteger(w) || w < 0) return 0;
    total += w;
  }
  return Math.round(largest * D) * total <= Number.MAX_SAFE_INTEGER ? D : 0;
}

/** Lattice points in a k-d tree: their denominator, weighted numerators per tree slot and per node (exact integers). */
export interface Lattice {
  D: number;
  /** Per tree slot: weight·round(x·D), coordinate by coordinate (size×d). */
  numerators: Float64Array;
  /** Per node: the sum of its slots' numerators (nodes×d). */
  nodeSums: Float64Array;
}

/** The lattice of `tree`'s points for denominator D (from latticeDenominator). */
export function treeLattice(tree: KdTree, D: number): Lattice {
  const d = tree.d;
  const numerators = new Float64Array(tree.size * d);
  for (let k = 0; k < tree.size; k++)
    for (let j = 0; j < d; j++) numerators[k * d + j] = tree.w[k] * Math.round(tree.coords[k * d + j] * D);
  const nodeSums = new Float64Array(Math.max(1, tree.nNodes) * d);
  // children are built after their parent, so a reverse walk sees both children first
  for (let node = tree.nNodes - 1; node >= 0; node--) {
    const o = node * d;
    const l = tree.left[node];
    if (l >= 0) {
      const r = tree.right[node];
      for (let j = 0; j < d; j++) nodeSums[o + j] = nodeSums[l * d + j] + nodeSums[r * d + j];
    } else
      for (let k = tree.start[node]; k < tree.end[node]; k++)
        for (let j = 0; j < d; j++) nodeSums[o + j] += numerators[k * d + j];
  }
  return { D, numerators, nodeSums };
}
