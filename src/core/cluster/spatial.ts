/**
 * k-d tree over weighted points for exact radius and k-nearest-neighbour queries. Every inclusion decision is the
 * exact test `d2 <= r2` with d2 accumulated over j = 0..d-1 in float64, so results never depend on the tree; box
 * bounds only prune (rounding is monotone, so a box test can never disagree with the per-point test).
 */
import type { Points } from './points.ts';
import { KHeap, quickselect } from './heaps.ts';

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
  /** Per node: bounding box (nodes×d), slot range [start, end), children (−1 for a leaf), total weight. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly nodeW: Float64Array;
  nNodes = 0;
  private axis: Int32Array;
  /** Bounds set by boxBounds. */
  bMin = 0;
  bMax = 0;
  private stack: Int32Array;

  private readonly leaf: number;

  /** Builds the tree over X (weights default to 1) with at most `leaf` points per leaf. */
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
    const data = X.data;
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < d; j++) this.coords[s * d + j] = data[idx[s] * d + j];
      this.w[s] = weights ? weights[idx[s]] : 1;
    }
    this.stack = new Int32Array(Math.max(64, this.nNodes + 1));
    this.nodeW = new Float64Array(Math.max(1, this.nNodes));
    // children are built after their parent, so a reverse walk sees both children first
    for (let node = this.nNodes - 1; node >= 0; node--) {
      const l = this.left[node];
      if (l >= 0) this.nodeW[node] = this.nodeW[l] + this.nodeW[this.right[node]];
      else for (let k = this.start[node]; k < this.end[node]; k++) this.nodeW[node] += this.w[k];
    }
  }

  /** Sets bMin/bMax to lower/upper bounds of every member's computed d2 from q (exact: rounding is monotone). */
  boxBounds(node: number, q: Float64Array, qo: number): void {
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

  private build(data: Float64Array, idx: Int32Array, s: number, e: number, depth: number): number {
    const d = this.d;
    const node = this.nNodes++;
    this.start[node] = s;
    this.end[node] = e;
    const lo = this.lo;
    const hi = this.hi;
    this.bound(node, data, idx, s, e);
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

  /**
   * node's box: the bounds of the points idx[s..e) of data. Apart from build, so that build is not compiled while
   * on the stack in the root's long loop (that code lacked feedback for what follows and was thrown away ~50 times).
   */
  private bound(node: number, data: Float64Array, idx: Int32Array, s: number, e: number): void {
    const d = this.d;
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

  /** Calls visit(originalIndex, d2) for every point with d2 <= r2 from q, in tree order. */
  radiusEach(q: Float64Array, qo: number, r2: number, visit: (i: number, d2: number) => void): void {
    if (this.size > 0) this.eachWithin(0, q, qo, r2, visit);
  }

  private eachWithin(
    node: number,
    q: Float64Array,
    qo: number,
    r2: number,
    visit: (i: number, d2: number) => void,
  ): void {
    if (this.boxMin(node, q, qo) > r2) return;
    const l = this.left[node];
    if (l >= 0) {
      this.eachWithin(l, q, qo, r2, visit);
      this.eachWithin(this.right[node], q, qo, r2, visit);
      return;
    }
    for (let k = this.start[node], e = this.end[node]; k < e; k++) {
      const s2 = dist2Capped(this.coords, k * this.d, q, qo, this.d, r2);
      if (s2 <= r2) visit(this.index[k], s2);
    }
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
        const bound = heap.bound();
        const s2 = dist2Capped(c, kk * d, q, qo, d, bound);
        if (s2 < bound) heap.push(s2, this.w[kk]);
      }
    }
    return heap.total >= k ? heap.top() : Infinity;
  }
}

/**
 * Squared distance from row o of c to row qo of q, summed over j = 0..d-1; once the partial sum exceeds `cap` it may
 * stop early and return that partial sum (still > cap: the terms are non-negative).
 */
export function dist2Capped(
  c: Float64Array,
  o: number,
  q: Float64Array,
  qo: number,
  d: number,
  cap: number,
): number {
  if (d === 8) {
    const half = add4(c, o, q, qo, 0);
    return half > cap ? half : add4(c, o + 4, q, qo + 4, half);
  }
  let s2 = 0;
  for (let j = 0; j < d && s2 <= cap; j++) {
    const t = c[o + j] - q[qo + j];
    s2 += t * t;
  }
  return s2;
}

/** s + (c[o] − q[qo])² + … + (c[o+3] − q[qo+3])², accumulated in that order. */
function add4(c: Float64Array, o: number, q: Float64Array, qo: number, s: number): number {
  let t = c[o] - q[qo];
  s += t * t;
  t = c[o + 1] - q[qo + 1];
  s += t * t;
  t = c[o + 2] - q[qo + 2];
  s += t * t;
  t = c[o + 3] - q[qo + 3];
  return s + t * t;
}
