/**
 * k-d tree over weighted points for exact radius and k-nearest-neighbour queries. Every inclusion decision is the
 * exact test `d2 <= r2` with d2 accumulated over j = 0..d-1 in float64, so results never depend on the tree; box
 * bounds only prune (rounding is monotone, so a box test can never disagree with the per-point test).
 * Neighbour sums are a fixed tree-shaped reduction (whole nodes inside the radius use their precomputed sums, built
 * by the same operations), so equal neighbour sets give bit-identical sums whatever the query point.
 */
import type { Points } from './points.ts';
import { KHeap, quickselect, Shell } from './heaps.ts';

export { KHeap, Shell } from './heaps.ts';

const LEAF = 16;

export class KdTree {
  readonly d: number;
  readonly size: number;
  /** Coordinates in tree order (row-major). */
  readonly coords: Float64Array;
  /** Weights in tree order. */
  readonly w: Float64Array;
  /** Original index of each tree slot. */
  readonly index: Int32Array;
  private lo: Float64Array;
  private hi: Float64Array;
  private start: Int32Array;
  private end: Int32Array;
  private left: Int32Array;
  private right: Int32Array;
  private axis: Int32Array;
  /** Per node: weighted coordinate sum (tree-shaped reduction) and total weight. */
  private nodeSum: Float64Array;
  private nodeW: Float64Array;
  private acc: Float64Array;
  /** The current query of sumRec8. */
  private qv = new Float64Array(8);
  private bMin = 0;
  private bMax = 0;
  private nNodes = 0;
  private stack: Int32Array;

  private readonly leaf: number;

  /**
   * Builds the tree over X (weights default to 1) with at most `leaf` points per leaf. Radius sums depend on the
   * tree's shape in the last bits, so meanShift keeps the default; k-th distances do not.
   */
  constructor(X: Points, weights?: Float64Array, leaf = LEAF) {
    this.leaf = leaf;
    const { n, d } = X;
    this.d = d;
    this.size = n;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const maxNodes = Math.max(1, 2 * Math.ceil(n / Math.max(1, leaf / 2)) + 1);
    this.lo = new Float64Array(maxNodes * d);
    this.hi = new Float64Array(maxNodes * d);
    this.start = new Int32Array(maxNodes);
    this.end = new Int32Array(maxNodes);
    this.left = new Int32Array(maxNodes).fill(-1);
    this.right = new Int32Array(maxNodes).fill(-1);
    this.axis = new Int32Array(maxNodes);
    if (n > 0) this.build(X.data, idx, 0, n, 0);
    this.index = idx;
    this.coords = new Float64Array(n * d);
    this.w = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      this.coords.set(X.data.subarray(idx[s] * d, idx[s] * d + d), s * d);
      this.w[s] = weights ? weights[idx[s]] : 1;
    }
    this.stack = new Int32Array(Math.max(64, this.nNodes + 1));
    this.nodeSum = new Float64Array(Math.max(1, this.nNodes) * d);
    this.nodeW = new Float64Array(Math.max(1, this.nNodes));
    this.acc = new Float64Array(70 * d);
    if (n > 0) this.reduce(0);
  }

  /** Sets bMin/bMax to lower/upper bounds of every member's computed d2 from q (exact: rounding is monotone). */
  private bounds(node: number, q: Float64Array, qo: number): void {
    const d = this.d;
    const lo = this.lo;
    const hi = this.hi;
    const o = node * d;
    let mn = 0;
    let mx = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const a = v - lo[o + j];
      const b = hi[o + j] - v;
      if (a < 0) mn += a * a;
      else if (b < 0) mn += b * b;
      const t = a > b ? a : b;
      mx += t * t;
    }
    this.bMin = mn;
    this.bMax = mx;
  }

  /** Fills nodeSum/nodeW bottom-up with exactly the operations a partial query performs. */
  private reduce(node: number): void {
    const d = this.d;
    const o = node * d;
    const l = this.left[node];
    if (l < 0) {
      for (let k = this.start[node], e = this.end[node]; k < e; k++) {
        const wk = this.w[k];
        this.nodeW[node] += wk;
        for (let j = 0; j < d; j++) this.nodeSum[o + j] += wk * this.coords[k * d + j];
      }
      return;
    }
    const r = this.right[node];
    this.reduce(l);
    this.reduce(r);
    this.nodeW[node] = this.nodeW[l] + this.nodeW[r];
    for (let j = 0; j < d; j++) this.nodeSum[o + j] = 0 + this.nodeSum[l * d + j] + this.nodeSum[r * d + j];
  }

  /** Squared distance from q to the farthest corner of node's box (an upper bound of every member's d2). */
  private boxMax(node: number, q: Float64Array, qo: number): number {
    const d = this.d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const a = v - this.lo[node * d + j];
      const b = this.hi[node * d + j] - v;
      const t = a > b ? a : b;
      s += t * t;
    }
    return s;
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
      this.bounds(ch, q, qo);
      if (this.bMin > r2) continue;
      if (this.bMax <= r2) {
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
        let t = c[o] - q0;
        let s2 = t * t;
        t = c[o + 1] - q1;
        s2 += t * t;
        t = c[o + 2] - q2;
        s2 += t * t;
        t = c[o + 3] - q3;
        s2 += t * t;
        if (s2 > r2) continue;
        t = c[o + 4] - q4;
        s2 += t * t;
        t = c[o + 5] - q5;
        s2 += t * t;
        t = c[o + 6] - q6;
        s2 += t * t;
        t = c[o + 7] - q7;
        s2 += t * t;
        if (s2 > r2) continue;
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

  private build(data: Float64Array, idx: Int32Array, s: number, e: number, depth: number): number {
    const d = this.d;
    const node = this.nNodes++;
    this.start[node] = s;
    this.end[node] = e;
    const lo = this.lo;
    const hi = this.hi;
    for (let j = 0; j < d; j++) {
      lo[node * d + j] = Infinity;
      hi[node * d + j] = -Infinity;
    }
    for (let k = s; k < e; k++) {
      const o = idx[k] * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j];
        if (v < lo[node * d + j]) lo[node * d + j] = v;
        if (v > hi[node * d + j]) hi[node * d + j] = v;
      }
    }
    if (e - s <= this.leaf || depth > 60) return node;
    let axis = 0;
    let spread = -1;
    for (let j = 0; j < d; j++) {
      const sp = hi[node * d + j] - lo[node * d + j];
      if (sp > spread) {
        spread = sp;
        axis = j;
      }
    }
    if (spread <= 0) return node;
    this.axis[node] = axis;
    const mid = (s + e) >> 1;
    quickselect(data, idx, s, e - 1, mid, axis, d);
    this.left[node] = this.build(data, idx, s, mid, depth + 1);
    this.right[node] = this.build(data, idx, mid, e, depth + 1);
    return node;
  }

  /** Squared distance from q to node's box (a lower bound of every member's d2). */
  private boxMin(node: number, q: Float64Array, qo: number): number {
    const d = this.d;
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = q[qo + j];
      const l = this.lo[node * d + j];
      const h = this.hi[node * d + j];
      if (v < l) {
        const t = l - v;
        s += t * t;
      } else if (v > h) {
        const t = v - h;
        s += t * t;
      }
    }
    return s;
  }

  /**
   * Weighted sum of the points with d2 <= r2 from q (row at offset qo) written into `sum` (length d); returns their
   * total weight.
   */
  radiusSum(q: Float64Array, qo: number, r2: number, sum: Float64Array): number {
    const d = this.d;
    sum.fill(0);
    if (this.size === 0) return 0;
    this.bounds(0, q, qo);
    if (this.bMin > r2) return 0;
    if (this.bMax <= r2) {
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

  /** Calls visit(originalIndex, d2) for every point with d2 <= r2 from q, in tree order. */
  radiusEach(q: Float64Array, qo: number, r2: number, visit: (i: number, d2: number) => void): void {
    const d = this.d;
    if (this.size === 0) return;
    const stack = this.stack;
    const c = this.coords;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      if (this.boxMin(node, q, qo) > r2) continue;
      const l = this.left[node];
      if (l >= 0) {
        stack[sp++] = this.right[node];
        stack[sp++] = l;
        continue;
      }
      for (let k = this.start[node], e = this.end[node]; k < e; k++) {
        const o = k * d;
        let s2 = 0;
        for (let j = 0; j < d; j++) {
          const t = c[o + j] - q[qo + j];
          s2 += t * t;
        }
        if (s2 <= r2) visit(this.index[k], s2);
      }
    }
  }

  /**
   * Same value as kthDist2 when the k-th squared distance lies in (lo2, hi2]: counts whole nodes inside lo2 and
   * sorts only the shell (weights must be integers: multiplicities); NaN when the k-th point is not in the shell (the caller then falls back to kthDist2).
   */
  kthDist2InShell(q: Float64Array, qo: number, k: number, lo2: number, hi2: number, shell: Shell): number {
    const d = this.d;
    const c = this.coords;
    const stack = this.stack;
    let cLo = 0;
    shell.n = 0;
    let shellW = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      this.bounds(node, q, qo);
      if (this.bMin > hi2) continue;
      if (this.bMax <= lo2) {
        cLo += this.nodeW[node];
        continue;
      }
      const l = this.left[node];
      if (l >= 0) {
        stack[sp++] = this.right[node];
        stack[sp++] = l;
        continue;
      }
      for (let kk = this.start[node], e = this.end[node]; kk < e; kk++) {
        const s2 = dist2Capped(c, kk * d, q, qo, d, hi2);
        if (s2 <= lo2) cLo += this.w[kk];
        else if (s2 <= hi2) {
          shell.push(s2, this.w[kk]);
          shellW += this.w[kk];
        }
      }
    }
    if (cLo >= k || cLo + shellW < k) return NaN;
    return shell.select(k - cLo - 1);
  }

  /**
   * Squared distance from q to its k-th nearest point counting weights (multiplicities) and including q itself if it
   * is in the tree; Infinity if the total weight is below k.
   */
  kthDist2(q: Float64Array, qo: number, k: number, heap: KHeap): number {
    const d = this.d;
    heap.reset(k);
    if (this.size === 0) return Infinity;
    const stack = this.stack;
    const c = this.coords;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      if (this.boxMin(node, q, qo) >= heap.bound()) continue;
      const l = this.left[node];
      if (l >= 0) {
        // nearer child last so it is popped first
        const r = this.right[node];
        const ax = this.axis[node];
        const goLeftFirst = q[qo + ax] <= this.hi[l * d + ax];
        if (goLeftFirst) {
          stack[sp++] = r;
          stack[sp++] = l;
        } else {
          stack[sp++] = l;
          stack[sp++] = r;
        }
        continue;
      }
      for (let kk = this.start[node], e = this.end[node]; kk < e; kk++) {
        const o = kk * d;
        let s2 = 0;
        for (let j = 0; j < d; j++) {
          const t = c[o + j] - q[qo + j];
          s2 += t * t;
        }
        if (s2 < heap.bound()) heap.push(s2, this.w[kk]);
      }
    }
    return heap.total >= k ? heap.top() : Infinity;
  }
}

/**
 * Squared distance from row o of c to row qo of q, summed over j = 0..d-1; once the partial sum exceeds `cap` it may
 * stop early and return that partial sum (still > cap: the terms are non-negative).
 */
function dist2Capped(
  c: Float64Array,
  o: number,
  q: Float64Array,
  qo: number,
  d: number,
  cap: number,
): number {
  let s2 = 0;
  if (d === 8) {
    let t = c[o] - q[qo];
    s2 = t * t;
    t = c[o + 1] - q[qo + 1];
    s2 += t * t;
    t = c[o + 2] - q[qo + 2];
    s2 += t * t;
    t = c[o + 3] - q[qo + 3];
    s2 += t * t;
    if (s2 > cap) return s2;
    t = c[o + 4] - q[qo + 4];
    s2 += t * t;
    t = c[o + 5] - q[qo + 5];
    s2 += t * t;
    t = c[o + 6] - q[qo + 6];
    s2 += t * t;
    t = c[o + 7] - q[qo + 7];
    return s2 + t * t;
  }
  for (let j = 0; j < d && s2 <= cap; j++) {
    const t = c[o + j] - q[qo + j];
    s2 += t * t;
  }
  return s2;
}
