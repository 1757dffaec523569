/**
 * The neighbourhood of one MeanShift trajectory, kept up to date as its mean moves (a kinetic cut of the k-d tree).
 * The tracker holds a partition of the points into tree nodes and single points, each known to lie wholly inside or
 * wholly outside the radius R of the current mean, with the distance the mean may travel before that can change
 * (its slack). A step re-examines only the parts whose slack the path travelled since their last test has used up:
 * a node still wholly in or out gets a new slack, a node that straddles the sphere is replaced by its children, a
 * point is re-tested with the exact test `d2 <= R²` (d2 accumulated over j = 0..d−1). Sums are exact limb sums
 * (limbs.ts), so the mean of a step is a function of its neighbourhood alone, however it was found.
 */
import { addParts, LIMBS, limbGrids, MAX_EXACT_WEIGHT, meanOfParts, splitRows } from './limbs.ts';
import type { Points } from './points.ts';
import type { KdTree } from './spatial.ts';

/** Safety on every slack, relative to R: covers rounding of distances and of the path travelled (≈1e-15 R). */
const SAFETY = 1e-9;
/** The wheel of due paths: WHEEL buckets of R / BUCKETS_PER_R each (an item due later waits in the last one). */
const WHEEL = 256;
const BUCKETS_PER_R = 64;

export class NeighbourhoodTracker {
  private readonly d: number;
  private readonly R: number;
  private readonly R2: number;
  private readonly safety: number;
  /** Elements: tree nodes 0 .. nNodes−1, then point slots nNodes + k. */
  private readonly nNodes: number;
  private readonly coords: Float64Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly w: Float64Array;
  private readonly nodeW: Float64Array;
  /** LIMBS·d parts per tree slot (weighted), and per node. */
  private readonly parts: Float64Array;
  private readonly nodeParts: Float64Array;
  private readonly P: number;
  /** Exact part sums and weight of the points inside. */
  private sum: Float64Array;
  private weight = 0;
  /** Per element of the current partition: wholly inside?, path at which to re-examine it. */
  private inside: Uint8Array;
  private expiry: Float64Array;
  /** Timing wheel: element lists per bucket of due path (next links them), cur the bucket of the last step. */
  private next: Int32Array;
  private head = new Int32Array(WHEEL);
  private cur = 0;
  private readonly perPath: number;
  /** Parts split off in this step, still to examine. */
  private fresh: Int32Array;
  private nFresh = 0;
  /** Elements examined (bench and test instrument). */
  examined = 0;

  constructor(tree: KdTree, X: Points, R: number) {
    const d = tree.d;
    this.d = d;
    this.R = R;
    this.R2 = R * R;
    this.safety = SAFETY * R;
    this.nNodes = tree.nNodes;
    this.coords = tree.coords;
    this.lo = tree.lo;
    this.hi = tree.hi;
    this.left = tree.left;
    this.right = tree.right;
    this.start = tree.start;
    this.end = tree.end;
    this.w = tree.w;
    this.nodeW = tree.nodeW;
    let total = 0;
    for (let k = 0; k < tree.size; k++) total += tree.w[k];
    if (total > MAX_EXACT_WEIGHT) throw new Error(`MeanShift supports at most ${MAX_EXACT_WEIGHT} points`);
    const P = (this.P = LIMBS * d);
    this.parts = splitRows(tree.coords, tree.w, d, limbGrids(X));
    this.nodeParts = new Float64Array(Math.max(1, tree.nNodes) * P);
    // children are built after their parent, so a reverse walk sees both children first
    for (let node = tree.nNodes - 1; node >= 0; node--) {
      const acc = this.nodeParts.subarray(node * P, node * P + P);
      const l = tree.left[node];
      if (l >= 0) {
        addParts(acc, this.nodeParts, l * P, P, 1);
        addParts(acc, this.nodeParts, tree.right[node] * P, P, 1);
      } else for (let k = tree.start[node]; k < tree.end[node]; k++) addParts(acc, this.parts, k * P, P, 1);
    }
    this.sum = new Float64Array(P);
    const cap = tree.size + tree.nNodes;
    this.inside = new Uint8Array(cap);
    this.expiry = new Float64Array(cap);
    this.next = new Int32Array(cap);
    this.fresh = new Int32Array(cap);
    this.perPath = R > 0 ? BUCKETS_PER_R / R : 0;
  }

  /** Starts a trajectory: nothing known yet (the root alone, due at once). */
  begin(): void {
    this.sum.fill(0);
    this.weight = 0;
    this.head.fill(-1);
    this.cur = 0;
    this.nFresh = 0;
    if (this.nNodes > 0) this.activate(0);
  }

  /**
   * The weight of the points within R of m (the trajectory's current mean) and their mean in `out` (untouched when
   * the weight is 0). `path` is the length of the trajectory so far: the sum of its step lengths, same units as R.
   */
  step(m: Float64Array, path: number, out: Float64Array): number {
    const { head, next, expiry } = this;
    const target = Math.floor(path * this.perPath);
    const last = Math.min(target, this.cur + WHEEL - 1);
    const from = this.cur;
    this.cur = target;
    for (let b = from; b <= last; b++) {
      const slot = b & (WHEEL - 1);
      let e = head[slot];
      head[slot] = -1;
      while (e >= 0) {
        const after = next[e];
        if (expiry[e] <= path) this.examine(e, m, path);
        else this.file(e);
        e = after;
      }
      while (this.nFresh > 0) this.examine(this.fresh[--this.nFresh], m, path);
    }
    if (this.weight > 0) meanOfParts(this.sum, null, this.weight, this.d, out);
    return this.weight;
  }

  /** Puts element e in the bucket of its due path (not before the current one, at most WHEEL − 1 after it). */
  private file(e: number): void {
    let b = Math.floor(this.expiry[e] * this.perPath);
    const cur = this.cur;
    if (!(b >= cur)) b = cur;
    else if (b > cur + WHEEL - 1) b = cur + WHEEL - 1;
    const slot = b & (WHEEL - 1);
    this.next[e] = this.head[slot];
    this.head[slot] = e;
  }

  private add(src: Float64Array, so: number, w: number, sign: number): void {
    addParts(this.sum, src, so, this.P, sign);
    this.weight += sign * w;
  }

  /** A new element of the partition: outside, due at once. */
  private activate(e: number): void {
    this.inside[e] = 0;
    this.expiry[e] = -Infinity;
    this.fresh[this.nFresh++] = e;
  }

  /** Re-examines element e at mean m: a new slack, or (a straddling node) its parts instead of it. */
  private examine(e: number, m: Float64Array, path: number): void {
    this.examined++;
    const d = this.d;
    const R = this.R;
    const R2 = this.R2;
    const was = this.inside[e];
    if (e >= this.nNodes) {
      const k = e - this.nNodes;
      const c = this.coords;
      let s2 = 0;
      for (let j = 0, o = k * d; j < d; j++) {
        const u = c[o + j] - m[j];
        s2 += u * u;
      }
      const now = s2 <= R2 ? 1 : 0;
      if (now !== was) {
        this.inside[e] = now;
        this.add(this.parts, k * this.P, this.w[k], now ? 1 : -1);
      }
      this.expiry[e] = path + Math.abs(Math.sqrt(s2) - R) - this.safety;
      this.file(e);
      return;
    }
    let mn = 0;
    let mx = 0;
    const lo = this.lo;
    const hi = this.hi;
    for (let j = 0, o = e * d; j < d; j++) {
      const v = m[j];
      const a = v - lo[o + j];
      const b = hi[o + j] - v;
      if (a < 0) mn += a * a;
      else if (b < 0) mn += b * b;
      mx += a > b ? a * a : b * b;
    }
    if (mx <= R2) {
      if (!was) {
        this.inside[e] = 1;
        this.add(this.nodeParts, e * this.P, this.nodeW[e], 1);
      }
      this.expiry[e] = path + R - Math.sqrt(mx) - this.safety;
      this.file(e);
      return;
    }
    if (was) {
      this.inside[e] = 0;
      this.add(this.nodeParts, e * this.P, this.nodeW[e], -1);
    }
    if (mn > R2) {
      this.expiry[e] = path + Math.sqrt(mn) - R - this.safety;
      this.file(e);
      return;
    }
    // straddles the sphere: its parts replace it
    const l = this.left[e];
    if (l >= 0) {
      this.activate(l);
      this.activate(this.right[e]);
    } else for (let k = this.start[e]; k < this.end[e]; k++) this.activate(this.nNodes + k);
  }
}
