/** Storage of one neighbour list of exact MeanShift (see neighbours.ts) and its pruning of the k-d tree. */
import { Arena } from './arena.ts';
import type { BandKernel } from './band-kernel.ts';
import type { KdTree } from './spatial.ts';

/**
 * The slots 0, 1, 2, … (at least n of them): a list pruned from the tree reads its leaves' slots from here as one
 * pruned from a list reads them from its parent, so packing takes one path (a null for the tree's own slots left
 * the path of a list's slots without type feedback, and the optimized packing was thrown away when it first came).
 */
let identitySlots = new Int32Array(0);
function identity(n: number): Int32Array {
  if (identitySlots.length < n) {
    identitySlots = new Int32Array(Math.max(n, 2 * identitySlots.length));
    for (let k = 0; k < identitySlots.length; k++) identitySlots[k] = k;
  }
  return identitySlots;
}

/** Record kinds: a node kept whole (its precomputed sum), a leaf's packed points, an inner node's two children. */
export const WHOLE = 0;
export const LEAF = 1;
export const INNER = 2;

/**
 * A k-d tree pruned around a centre (built by NeighbourLists): records in pre-order (kind, tree node, two fields) and
 * the packed points of its leaves in slot order, each with its squared distance from the centre.
 */
export class PrunedTree {
  readonly centre: Float64Array;
  /** The centre padded with zeros to 8 coordinates (the kernel's points are). */
  private readonly centre8 = new Float64Array(8);
  kind: Int8Array;
  /** 1 when the node may lie wholly within R of some query the list serves (worth a box test there). */
  boxTest: Int8Array;
  node: Int32Array;
  /** LEAF: the least rho2 of its packed points. */
  near2: Float64Array;
  /** LEAF: packed point range [a, b); INNER: child records (−1 when dropped). */
  a: Int32Array;
  b: Int32Array;
  nRec = 0;
  coords: Float64Array;
  w: Float64Array;
  /** Squared distance of each packed point from the centre. */
  rho2: Float64Array;
  /** The tree slot of each packed point. */
  slot: Int32Array;
  nPts = 0;
  /** Root record, or −1 when no point can be within R. */
  root = -1;
  /** Squared radii of the nodes kept whole and of the points kept, and the largest squared shift it serves. */
  in2 = -1;
  out2 = 0;
  reach2 = -1;
  /** δ: the list holds every point within R + δ of its centre. */
  slack = 0;

  /**
   * Room for `points` packed points (taken from `arena` when given) and `records` records before the arrays grow.
   * Without `packsPoints` a list keeps its points' slots and distances only, not their coordinates and weights (a
   * sorted layout copies those from the tree itself); then with a kernel (d ≤ 8, `arena` the kernel's), packing runs
   * in the kernel while the list's arrays stay in its memory.
   */
  constructor(
    readonly d: number,
    points = 256,
    records = 64,
    arena?: Arena,
    readonly packsPoints = true,
    private readonly kernel: BandKernel | null = null,
  ) {
    const packed = packsPoints ? points : 0;
    this.centre = new Float64Array(d);
    this.coords = arena ? arena.f64(packed * d) : new Float64Array(packed * d);
    this.w = arena ? arena.f64(packed) : new Float64Array(packed);
    this.rho2 = arena ? arena.f64(points) : new Float64Array(points);
    this.slot = arena ? arena.i32(points) : new Int32Array(points);
    this.kind = new Int8Array(records);
    this.boxTest = new Int8Array(records);
    this.node = new Int32Array(records);
    this.near2 = new Float64Array(records);
    this.a = new Int32Array(records);
    this.b = new Int32Array(records);
  }

  /** Bytes of an arena the packed points of a list of `points` take. */
  static arenaBytes(d: number, points: number, packsPoints = true): number {
    const packed = packsPoints ? points : 0;
    return (
      Arena.bytes(packed * d, 8) + Arena.bytes(packed, 8) + Arena.bytes(points, 8) + Arena.bytes(points, 4)
    );
  }

  /**
   * Re-prunes `tree` around centre: nodes within in2 kept whole, points within out2 packed; reach2 as the field. With
   * a parent list that holds every point within out2 of the centre, its records are pruned instead of the tree's.
   */
  rebuild(
    tree: KdTree,
    centre: Float64Array,
    in2: number,
    out2: number,
    reach2: number,
    parent: PrunedTree | null = null,
  ): void {
    this.centre.set(centre);
    if (this.kernel) this.centre8.set(this.centre);
    this.in2 = in2;
    this.out2 = out2;
    this.reach2 = reach2;
    this.nRec = 0;
    this.nPts = 0;
    if (tree.size === 0 || (parent && parent.root < 0)) this.root = -1;
    else this.root = parent ? this.prunePacked(tree, parent, parent.root) : this.prune(tree, 0);
  }

  /** prune for the node of the parent's record rec, reading the parent's packed points instead of the tree's. */
  private prunePacked(tree: KdTree, parent: PrunedTree, rec: number): number {
    const kind = parent.kind[rec];
    const node = parent.node[rec];
    if (kind === WHOLE) return this.prune(tree, node);
    tree.boxBounds(node, this.centre, 0);
    if (tree.bMin > this.out2) return -1;
    if (tree.bMax <= this.in2) return this.addRecord(WHOLE, node);
    const maybeWhole = tree.bMax <= this.out2 ? 1 : 0;
    if (kind === INNER) {
      const r = this.addRecord(INNER, node);
      this.boxTest[r] = maybeWhole;
      const pa = parent.a[rec];
      const pb = parent.b[rec];
      const a = pa < 0 ? -1 : this.prunePacked(tree, parent, pa);
      return this.inner(r, a, pb < 0 ? -1 : this.prunePacked(tree, parent, pb));
    }
    return this.leaf(tree, node, maybeWhole, parent.slot, parent.a[rec], parent.b[rec]);
  }

  /** The record of node pruned around the centre, or −1 when none of its points can be within R. */
  private prune(tree: KdTree, node: number): number {
    tree.boxBounds(node, this.centre, 0);
    if (tree.bMin > this.out2) return -1;
    if (tree.bMax <= this.in2) return this.addRecord(WHOLE, node);
    const maybeWhole = tree.bMax <= this.out2 ? 1 : 0;
    const l = tree.left[node];
    if (l >= 0) {
      const r = this.addRecord(INNER, node);
      this.boxTest[r] = maybeWhole;
      const a = this.prune(tree, l);
      return this.inner(r, a, this.prune(tree, tree.right[node]));
    }
    const slots = this.kernel ? this.kernel.identity : identity(tree.size);
    return this.leaf(tree, node, maybeWhole, slots, tree.start[node], tree.end[node]);
  }

  /** INNER record r with children records a and b; dropped (−1) when both are empty. */
  private inner(r: number, a: number, b: number): number {
    if (a < 0 && b < 0) {
      this.nRec = r;
      return -1;
    }
    this.a[r] = a;
    this.b[r] = b;
    return r;
  }

  /** The LEAF record of node with its points among the tree's slots slots[s..e) within out2, or −1 when none. */
  private leaf(
    tree: KdTree,
    node: number,
    maybeWhole: number,
    slots: Int32Array,
    s: number,
    e: number,
  ): number {
    const from = this.nPts;
    this.reservePoints(e - s);
    const n = this.packsInKernel(slots)
      ? this.packKernel(slots, s, e)
      : this.d === 8
        ? this.pack8(tree.coords, tree.w, slots, s, e)
        : this.pack(tree.coords, tree.w, slots, s, e);
    if (n === from) return -1;
    this.nPts = n;
    const r = this.addRecord(LEAF, node);
    this.boxTest[r] = maybeWhole;
    this.a[r] = from;
    this.b[r] = n;
    let near2 = Infinity;
    for (let k = from; k < n; k++) near2 = Math.min(near2, this.rho2[k]);
    this.near2[r] = near2;
    return r;
  }

  /** Whether packing from `slots` runs in the kernel: it and this list's arrays are in the kernel's memory. */
  private packsInKernel(slots: Int32Array): boolean {
    const k = this.kernel;
    return k !== null && !this.packsPoints && slots.buffer === k.buffer && this.slot.buffer === k.buffer;
  }

  /** pack8 in the kernel, from its copy of the tree's coordinates (a list that keeps slots and distances only). */
  private packKernel(slots: Int32Array, s: number, e: number): number {
    const k = this.kernel!;
    const q = this.centre8;
    return k.pack(
      k.coords.byteOffset,
      slots.byteOffset,
      s,
      e,
      q[0],
      q[1],
      q[2],
      q[3],
      q[4],
      q[5],
      q[6],
      q[7],
      this.out2,
      this.rho2.byteOffset,
      this.slot.byteOffset,
      this.nPts,
    );
  }

  /**
   * Packs the tree's points (coordinates tc, weights tw) of slots ts[s..e) within out2 of the centre after the packed
   * ones; returns the new count.
   */
  private pack(tc: Float64Array, tw: Float64Array, ts: Int32Array, s: number, e: number): number {
    const d = this.d;
    const q = this.centre;
    let n = this.nPts;
    for (let k = s; k < e; k++) {
      const p = ts[k];
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = tc[p * d + j] - q[j];
        s2 += t * t;
      }
      // written at n, which moves on only when the point is kept (as pack8)
      if (this.packsPoints) {
        for (let j = 0; j < d; j++) this.coords[n * d + j] = tc[p * d + j];
        this.w[n] = tw[p];
      }
      this.rho2[n] = s2;
      this.slot[n] = p;
      n += +(s2 <= this.out2);
    }
    return n;
  }

  /** pack unrolled for d = 8 (a build scans most of the data, so this is a tenth of exact MeanShift's time). */
  private pack8(tc: Float64Array, tw: Float64Array, ts: Int32Array, first: number, end: number): number {
    const q = this.centre;
    const q0 = q[0],
      q1 = q[1],
      q2 = q[2],
      q3 = q[3],
      q4 = q[4],
      q5 = q[5],
      q6 = q[6],
      q7 = q[7];
    const out2 = this.out2;
    const c = this.coords;
    const rho2 = this.rho2;
    const w = this.w;
    const slot = this.slot;
    const packs = this.packsPoints;
    let n = this.nPts;
    // every point is written at n, which moves on only when it is kept: no branch on the outcome (see sorted.ts)
    for (let k = first; k < end; k++) {
      const p = ts[k];
      const o = p * 8;
      const x0 = tc[o],
        x1 = tc[o + 1],
        x2 = tc[o + 2],
        x3 = tc[o + 3],
        x4 = tc[o + 4],
        x5 = tc[o + 5],
        x6 = tc[o + 6],
        x7 = tc[o + 7];
      let t = x0 - q0;
      let s = t * t;
      t = x1 - q1;
      s += t * t;
      t = x2 - q2;
      s += t * t;
      t = x3 - q3;
      s += t * t;
      t = x4 - q4;
      s += t * t;
      t = x5 - q5;
      s += t * t;
      t = x6 - q6;
      s += t * t;
      t = x7 - q7;
      s += t * t;
      if (packs) {
        const a = n * 8;
        c[a] = x0;
        c[a + 1] = x1;
        c[a + 2] = x2;
        c[a + 3] = x3;
        c[a + 4] = x4;
        c[a + 5] = x5;
        c[a + 6] = x6;
        c[a + 7] = x7;
        w[n] = tw[p];
      }
      rho2[n] = s;
      slot[n] = p;
      n += +(s <= out2);
    }
    return n;
  }

  private addRecord(kind: number, node: number): number {
    if (this.nRec === this.kind.length) {
      const cap = this.nRec * 2;
      const grow = <T extends Int8Array | Int32Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(cap);
        y.set(x);
        return y;
      };
      this.kind = grow(this.kind);
      const near2 = new Float64Array(cap);
      near2.set(this.near2);
      this.near2 = near2;
      this.boxTest = grow(this.boxTest);
      this.node = grow(this.node);
      this.a = grow(this.a);
      this.b = grow(this.b);
    }
    const r = this.nRec++;
    this.kind[r] = kind;
    this.node[r] = node;
    this.a[r] = -1;
    this.b[r] = -1;
    return r;
  }

  private reservePoints(extra: number): void {
    const need = this.nPts + extra;
    if (need <= this.slot.length) return;
    const cap = Math.max(need, this.slot.length * 2);
    if (this.packsPoints) {
      const c = new Float64Array(cap * this.d);
      c.set(this.coords.subarray(0, this.nPts * this.d));
      const w = new Float64Array(cap);
      w.set(this.w.subarray(0, this.nPts));
      this.coords = c;
      this.w = w;
    }
    const rho2 = new Float64Array(cap);
    rho2.set(this.rho2.subarray(0, this.nPts));
    const slot = new Int32Array(cap);
    slot.set(this.slot.subarray(0, this.nPts));
    this.slot = slot;
    this.rho2 = rho2;
  }
}
