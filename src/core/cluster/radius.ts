/**
 * Neighbourhood sums over a k-d tree for exact MeanShift: the weighted coordinate sum and total weight of the points
 * with d2 <= r2 (d2 accumulated over j = 0..d−1, the exact test). The sum is a fixed tree-shaped reduction (whole
 * nodes inside the radius use their precomputed sums, built by the same operations), so equal neighbour sets give
 * bit-identical sums whatever the query point: a trajectory state seen before continues the same way.
 */
import type { KdTree } from './spatial.ts';

export class RadiusSums {
  private readonly d: number;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly coords: Float64Array;
  private readonly w: Float64Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly nodeW: Float64Array;
  /** Per node: weighted coordinate sum (tree-shaped reduction). */
  readonly nodeSum: Float64Array;
  private readonly acc: Float64Array;
  /** The current query of sumRec8. */
  private readonly qv = new Float64Array(8);

  constructor(readonly tree: KdTree) {
    const d = (this.d = tree.d);
    this.left = tree.left;
    this.right = tree.right;
    this.start = tree.start;
    this.end = tree.end;
    this.coords = tree.coords;
    this.w = tree.w;
    this.lo = tree.lo;
    this.hi = tree.hi;
    this.nodeW = tree.nodeW;
    this.nodeSum = new Float64Array(Math.max(1, tree.nNodes) * d);
    this.acc = new Float64Array(70 * d);
    if (tree.size > 0) this.reduce(0);
  }

  /** Fills nodeSum bottom-up with exactly the operations a partial query performs. */
  private reduce(node: number): void {
    const d = this.d;
    const o = node * d;
    const l = this.left[node];
    if (l < 0) {
      for (let k = this.start[node], e = this.end[node]; k < e; k++) {
        const wk = this.w[k];
        for (let j = 0; j < d; j++) this.nodeSum[o + j] += wk * this.coords[k * d + j];
      }
      return;
    }
    const r = this.right[node];
    this.reduce(l);
    this.reduce(r);
    for (let j = 0; j < d; j++) this.nodeSum[o + j] = 0 + this.nodeSum[l * d + j] + this.nodeSum[r * d + j];
  }

  /** Partial reduction of node for radius r2 into acc[depth]; returns the included weight. */
  private sumRec(node: number, depth: number, q: Float64Array, qo: number, r2: number): number {
    const d = this.d;
    const acc = this.acc;
    const base = depth * d;
    for (let j = 0; j < d; j++) acc[base + j] = 0;
    const l = this.left[node];
    if (l < 0) {
      const c = this.coords;
      let cnt = 0;
      for (let k = this.start[node], e = this.end[node]; k < e; k++) {
        const o = k * d;
        // partial sums of non-negative terms never decrease, so stopping early cannot change the decision
        let s2 = 0;
        for (let j = 0; j < d && s2 <= r2; j++) {
          const t = c[o + j] - q[qo + j];
          s2 += t * t;
        }
        if (s2 <= r2) {
          const wk = this.w[k];
          cnt += wk;
          for (let j = 0; j < d; j++) acc[base + j] += wk * c[o + j];
        }
      }
      return cnt;
    }
    let cnt = 0;
    for (let side = 0; side < 2; side++) {
      const ch = side === 0 ? l : this.right[node];
      this.tree.boxBounds(ch, q, qo);
      if (this.tree.bMin > r2) continue;
      if (this.tree.bMax <= r2) {
        cnt += this.nodeW[ch];
        for (let j = 0; j < d; j++) acc[base + j] += this.nodeSum[ch * d + j];
      } else {
        const c = this.sumRec(ch, depth + 1, q, qo, r2);
        if (c > 0) {
          cnt += c;
          for (let j = 0; j < d; j++) acc[base + j] += acc[base + d + j];
        }
      }
    }
    return cnt;
  }

  /** sumRec unrolled for d = 8 (the pass-rate case), same operations in the same order; query in qv. */
  private sumRec8(node: number, depth: number, r2: number): number {
    const qv = this.qv;
    const q0 = qv[0],
      q1 = qv[1],
      q2 = qv[2],
      q3 = qv[3],
      q4 = qv[4],
      q5 = qv[5],
      q6 = qv[6],
      q7 = qv[7];
    const acc = this.acc;
    const b = depth * 8;
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0,
      a4 = 0,
      a5 = 0,
      a6 = 0,
      a7 = 0;
    let cnt = 0;
    const l = this.left[node];
    if (l < 0) {
      const c = this.coords;
      const w = this.w;
      for (let k = this.start[node], e = this.end[node]; k < e; k++) {
        const o = k * 8;
        const half = fourTerms(c, o, q0, q1, q2, q3, 0);
        if (half > r2 || fourTerms(c, o + 4, q4, q5, q6, q7, half) > r2) continue;
        const wk = w[k];
        cnt += wk;
        a0 += wk * c[o];
        a1 += wk * c[o + 1];
        a2 += wk * c[o + 2];
        a3 += wk * c[o + 3];
        a4 += wk * c[o + 4];
        a5 += wk * c[o + 5];
        a6 += wk * c[o + 6];
        a7 += wk * c[o + 7];
      }
    } else {
      const lo = this.lo;
      const hi = this.hi;
      for (let side = 0, ch = l; side < 2; side++, ch = this.right[node]) {
        const o = ch * 8;
        let mn = 0;
        let mx = 0;
        for (let j = 0; j < 8; j++) {
          const v = qv[j];
          const x = v - lo[o + j];
          const y = hi[o + j] - v;
          if (x < 0) mn += x * x;
          else if (y < 0) mn += y * y;
          mx += x > y ? x * x : y * y;
        }
        if (mn > r2) continue;
        let src = this.nodeSum;
        let so = o;
        if (mx <= r2) cnt += this.nodeW[ch];
        else {
          const cc = this.sumRec8(ch, depth + 1, r2);
          if (cc === 0) continue;
          cnt += cc;
          src = acc;
          so = b + 8;
        }
        a0 += src[so];
        a1 += src[so + 1];
        a2 += src[so + 2];
        a3 += src[so + 3];
        a4 += src[so + 4];
        a5 += src[so + 5];
        a6 += src[so + 6];
        a7 += src[so + 7];
      }
    }
    acc[b] = a0;
    acc[b + 1] = a1;
    acc[b + 2] = a2;
    acc[b + 3] = a3;
    acc[b + 4] = a4;
    acc[b + 5] = a5;
    acc[b + 6] = a6;
    acc[b + 7] = a7;
    return cnt;
  }

  /**
   * Weighted sum of the points with d2 <= r2 from q (row at offset qo) written into `sum` (length d); returns their
   * total weight.
   */
  radiusSum(q: Float64Array, qo: number, r2: number, sum: Float64Array): number {
    const d = this.d;
    sum.fill(0);
    if (this.tree.size === 0) return 0;
    this.tree.boxBounds(0, q, qo);
    if (this.tree.bMin > r2) return 0;
    if (this.tree.bMax <= r2) {
      for (let j = 0; j < d; j++) sum[j] = this.nodeSum[j];
      return this.nodeW[0];
    }
    let cnt: number;
    if (d === 8) {
      for (let j = 0; j < 8; j++) this.qv[j] = q[qo + j];
      cnt = this.sumRec8(0, 0, r2);
    } else cnt = this.sumRec(0, 0, q, qo, r2);
    for (let j = 0; j < d; j++) sum[j] = this.acc[j];
    return cnt;
  }
}

/** s + (c[o] − a)² + (c[o+1] − b)² + (c[o+2] − e)² + (c[o+3] − f)², accumulated in that order. */
function fourTerms(
  c: Float64Array,
  o: number,
  a: number,
  b: number,
  e: number,
  f: number,
  s: number,
): number {
  let t = c[o] - a;
  s += t * t;
  t = c[o + 1] - b;
  s += t * t;
  t = c[o + 2] - e;
  s += t * t;
  t = c[o + 3] - f;
  return s + t * t;
}
