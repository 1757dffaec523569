/**
 * A neighbour list of lattice points (lattice.ts) laid out for order-free sums: its whole nodes summed once, its
 * packed points sorted by their distance from the list's centre with prefix sums of their weighted numerators. A
 * query whose shift from the centre is known then takes every surely-in point in one prefix row (found from its
 * bin), distance-tests only the band between, and never touches the surely-out points. With a kernel
 * (band-kernel.ts), a layout of up to its room is sorted, laid out, tested and summed in WebAssembly.
 */
import { Arena } from './arena.ts';
import { bandThresholds, type BandKernel } from './band-kernel.ts';
import { WHOLE } from './pruned.ts';
import type { Lattice } from './lattice.ts';
import type { PrunedTree } from './pruned.ts';
import type { KdTree } from './spatial.ts';

/**
 * Scratch of a rebuild or a sum (each runs to its end before another starts): each point's bin, the points in sorted
 * order, and a sum's runs.
 */
const scratch = { bins: new Int32Array(0), order: new Int32Array(0), edges: new Int32Array(0) };
/** A kernel sum's query, padded to 8 coordinates, and in numerator units (float32 values). */
const query8 = new Float64Array(8);
const query8f = new Float64Array(8);

export class SortedBand {
  private readonly d: number;
  private n = 0;
  /** Numerators (d) and weight of the nodes kept whole. */
  private readonly base: Float64Array;
  /**
   * The points are grouped by bin = min(nBins − 1, floor(rho2·binScale)), bins in increasing order (rounding is
   * monotone, so a lower bin means a smaller rho2); bin b holds the sorted points [binStart[b], binStart[b + 1]).
   */
  private binStart: Int32Array;
  private nBins = 1;
  private binScale = 0;
  /** The points' coordinates in sorted order, row by row (without the kernel). */
  private coords: Float64Array;
  /** Row i (stride d + 1): Σ over sorted points before i of weight·numerator (d), then of weight. */
  private prefix: Float64Array;
  /**
   * In the kernel (band-kernel.ts): the points' numerators as float32 quads, their tree slots, and the prefix rows
   * as int32; while `inKernel`, these hold the layout instead of coords and prefix.
   */
  private readonly quads: Float32Array;
  private readonly places: Int32Array;
  private readonly prefixRows: Int32Array;
  private readonly room: number;
  /** Whether the layout is the kernel's (until a list outgrows its room there). */
  inKernel: boolean;

  /**
   * Room for `points` points (taken from `arena` when given) before the arrays grow. With a kernel (d ≤ 8, its
   * places room for `points`), the arena must be the kernel's, and layouts of up to `points` points are laid out,
   * tested and summed there.
   */
  constructor(
    d: number,
    points = 0,
    arena?: Arena,
    private readonly kernel: BandKernel | null = null,
  ) {
    this.d = d;
    this.room = points;
    this.base = new Float64Array(d + 1);
    this.binStart = arena ? arena.i32(points + 2) : new Int32Array(points + 2);
    this.inKernel = kernel !== null && arena !== undefined;
    if (this.inKernel) {
      this.coords = new Float64Array(0);
      this.prefix = new Float64Array(0);
      this.quads = arena!.f32(quadsLength(points));
      this.places = arena!.i32(points);
      this.prefixRows = arena!.i32((points + 1) * 9);
      return;
    }
    this.coords = arena ? arena.f64(points * d) : new Float64Array(points * d);
    this.prefix = arena ? arena.f64((points + 1) * (d + 1)) : new Float64Array((points + 1) * (d + 1));
    this.quads = new Float32Array(0);
    this.places = new Int32Array(0);
    this.prefixRows = new Int32Array(0);
  }

  /** Bytes of an arena a layout of `points` points takes (in a kernel's arena, `inKernel`). */
  static arenaBytes(d: number, points: number, inKernel = false): number {
    if (inKernel)
      return (
        Arena.bytes(points + 2, 4) +
        Arena.bytes(quadsLength(points), 4) +
        Arena.bytes(points, 4) +
        Arena.bytes((points + 1) * 9, 4)
      );
    return Arena.bytes(points + 2, 4) + Arena.bytes(points * d, 8) + Arena.bytes((points + 1) * (d + 1), 8);
  }

  /** Lays out `list`, pruned from `tree` whose points lie on `lattice`. */
  rebuild(list: PrunedTree, tree: KdTree, lattice: Lattice): void {
    const d = this.d;
    const s = d + 1;
    const base = this.base;
    const nodeSums = lattice.nodeSums;
    base.fill(0);
    for (let r = 0; r < list.nRec; r++) {
      if (list.kind[r] !== WHOLE) continue;
      const node = list.node[r];
      for (let j = 0; j < d; j++) base[j] += nodeSums[node * d + j];
      base[d] += tree.nodeW[node];
    }
    const n = (this.n = list.nPts);
    // a list that outgrew its room in the kernel's memory: this layout leaves it too
    if (this.inKernel && (n > this.room || list.slot.buffer !== this.kernel!.buffer)) this.inKernel = false;
    this.reserve(n);
    // about one point a bin: a counting sort, and few points on the bins a query's bounds fall in
    const nBins = (this.nBins = Math.max(1, n));
    this.binScale = list.out2 > 0 ? nBins / list.out2 : 0;
    const start = this.binStart;
    const rho2 = list.rho2;
    if (this.inKernel) {
      const kernel = this.kernel!;
      const rows = this.prefixRows;
      kernel.sort(
        rho2.byteOffset,
        n,
        this.binScale,
        nBins,
        start.byteOffset,
        kernel.bins.byteOffset,
        kernel.order.byteOffset,
      );
      for (let j = 0; j < 9; j++) rows[j] = 0;
      kernel.lay(
        kernel.order.byteOffset,
        list.slot.byteOffset,
        n,
        kernel.codes.byteOffset,
        kernel.numerators.byteOffset,
        kernel.weights.byteOffset,
        this.quads.byteOffset,
        this.places.byteOffset,
        rows.byteOffset,
      );
      return;
    }
    this.countingSort(rho2, n);
    const order = scratch.order;
    const P = this.prefix;
    for (let j = 0; j < s; j++) P[j] = 0;
    if (d === 8) this.lay8(list, tree, lattice, order);
    else {
      const num = lattice.numerators;
      const tc = tree.coords;
      const tw = tree.w;
      const C = this.coords;
      const slot = list.slot;
      for (let i = 0; i < n; i++) {
        const t = slot[order[i]];
        const o = i * s;
        for (let j = 0; j < d; j++) {
          C[i * d + j] = tc[t * d + j];
          P[o + s + j] = P[o + j] + num[t * d + j];
        }
        P[o + s + d] = P[o + d] + tw[t];
      }
    }
  }

  /**
   * rebuild's layout for d = 8, written out: the points in sorted order (order[i]: the list's point at place i), their
   * coordinates and prefix sums (about a sixth of exact MeanShift's time on the 3,000-point hard set).
   */
  private lay8(list: PrunedTree, tree: KdTree, lattice: Lattice, order: Int32Array): void {
    const n = this.n;
    const num = lattice.numerators;
    const tc = tree.coords;
    const tw = tree.w;
    const C = this.coords;
    const P = this.prefix;
    const slot = list.slot;
    for (let i = 0; i < n; i++) {
      const t = slot[order[i]];
      const a = t * 8;
      const c = i * 8;
      const o = i * 9;
      C[c] = tc[a];
      C[c + 1] = tc[a + 1];
      C[c + 2] = tc[a + 2];
      C[c + 3] = tc[a + 3];
      C[c + 4] = tc[a + 4];
      C[c + 5] = tc[a + 5];
      C[c + 6] = tc[a + 6];
      C[c + 7] = tc[a + 7];
      P[o + 9] = P[o] + num[a];
      P[o + 10] = P[o + 1] + num[a + 1];
      P[o + 11] = P[o + 2] + num[a + 2];
      P[o + 12] = P[o + 3] + num[a + 3];
      P[o + 13] = P[o + 4] + num[a + 4];
      P[o + 14] = P[o + 5] + num[a + 5];
      P[o + 15] = P[o + 6] + num[a + 6];
      P[o + 16] = P[o + 7] + num[a + 7];
      P[o + 17] = P[o + 8] + tw[t];
    }
  }

  /**
   * The points in bins, as band-kernel.ts's sort does: binStart[b] ends as the first place of bin b, scratch.order
   * holds the list's point at each place.
   */
  private countingSort(rho2: Float64Array, n: number): void {
    const nBins = this.nBins;
    const start = this.binStart;
    start.fill(0, 0, nBins + 2);
    if (scratch.bins.length < n) scratch.bins = new Int32Array(Math.max(n, 2 * scratch.bins.length));
    if (scratch.order.length < n) scratch.order = new Int32Array(scratch.bins.length);
    const bins = scratch.bins;
    for (let k = 0; k < n; k++) {
      const b = this.bin(rho2[k]);
      bins[k] = b;
      start[b + 2]++;
    }
    for (let b = 2; b <= nBins + 1; b++) start[b] += start[b - 1];
    // start[b + 1] now counts the points in bins below b: the next place of bin b
    const order = scratch.order;
    for (let k = 0; k < n; k++) order[start[bins[k] + 1]++] = k;
  }

  private bin(r: number): number {
    return Math.min(this.nBins - 1, Math.floor(r * this.binScale));
  }

  /**
   * Σ weight·numerator of the points with d2 <= r2 from m into `out` (d2 accumulated over j = 0..d−1 as everywhere);
   * returns their weight. Packed points with rho2 <= surelyIn2 must be within r2 of m, those above surelyOut2 beyond,
   * and the whole nodes within. The bounds only choose the points to test: the test decides every point between
   * their bins' edges, those they decide the same way.
   */
  sum(m: Float64Array, r2: number, surelyIn2: number, surelyOut2: number, out: Float64Array): number {
    // points in bins below surelyIn2's have a smaller rho2, those in bins above surelyOut2's a larger one
    const from = surelyIn2 < 0 ? 0 : this.binStart[this.bin(surelyIn2)];
    const to = surelyOut2 >= Infinity ? this.n : this.binStart[this.bin(surelyOut2) + 1];
    if (this.inKernel) return this.sumInKernel(m, r2, from, to, out);
    if (scratch.edges.length < to - from + 2)
      scratch.edges = new Int32Array(Math.max(to - from + 2, 2 * scratch.edges.length));
    if (this.d === 8) return this.runs8(scratch.edges, this.edges8(m, r2, from, to), out);
    return this.runs(scratch.edges, this.edges(m, r2, from, to), out);
  }

  /** sum's test and runs in the kernel, for the points [from, to). */
  private sumInKernel(m: Float64Array, r2: number, from: number, to: number, out: Float64Array): number {
    const kernel = this.kernel!;
    const D = kernel.D;
    const d = this.d;
    // the query padded with zeros to the kernel's 8 coordinates, and in numerator units as float32
    const q = query8;
    const Q = query8f;
    let M = kernel.largest;
    for (let j = 0; j < 8; j++) {
      q[j] = j < d ? m[j] : 0;
      Q[j] = Math.fround(q[j] * D);
      M = Math.max(M, Math.abs(Q[j]));
    }
    const { lo, hi } = bandThresholds(r2, D, M + 1);
    const E = kernel.edgesOut.byteOffset;
    const places = kernel.edges(
      this.quads.byteOffset,
      this.places.byteOffset,
      from,
      to,
      E,
      kernel.coords.byteOffset,
      Q[0],
      Q[1],
      Q[2],
      Q[3],
      Q[4],
      Q[5],
      Q[6],
      Q[7],
      lo,
      hi,
      q[0],
      q[1],
      q[2],
      q[3],
      q[4],
      q[5],
      q[6],
      q[7],
      r2,
    );
    kernel.runs(this.prefixRows.byteOffset, E, places, kernel.sumsOut.byteOffset);
    const sums = kernel.sumsOut;
    const B = this.base;
    for (let j = 0; j < d; j++) out[j] = B[j] + sums[j];
    out[d] = B[d] + sums[8];
    return out[d];
  }

  /**
   * The runs of points in, as [start, end) places in scratch.edges, pairs one after another; returns the count of
   * places (even). The first run starts at 0 (every point before `from` is in), each point of [from, to) where being
   * within r2 of m changes ends a run or starts one, and a run still open ends at `to`. Written without a branch on
   * the outcome: near the sphere it is as often in as out, and a mispredicted branch per point cost more than the
   * test (12,000 hard points: 2.83 → 2.17 s of CPU in one process, 8 alternated runs).
   */
  private edges(m: Float64Array, r2: number, from: number, to: number): number {
    const d = this.d;
    const c = this.coords;
    const edges = scratch.edges;
    edges[0] = 0;
    let n = 1;
    let was = 1;
    for (let k = from; k < to; k++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = c[k * d + j] - m[j];
        s2 += t * t;
      }
      const inside = +(s2 <= r2);
      edges[n] = k;
      n += inside ^ was;
      was = inside;
    }
    edges[n] = to;
    return n + was;
  }

  /** edges for d = 8, written out. */
  private edges8(m: Float64Array, r2: number, from: number, to: number): number {
    const c = this.coords;
    const edges = scratch.edges;
    const q0 = m[0],
      q1 = m[1],
      q2 = m[2],
      q3 = m[3],
      q4 = m[4],
      q5 = m[5],
      q6 = m[6],
      q7 = m[7];
    edges[0] = 0;
    let n = 1;
    let was = 1;
    for (let k = from; k < to; k++) {
      const o = k * 8;
      let t = c[o] - q0;
      let s = t * t;
      t = c[o + 1] - q1;
      s += t * t;
      t = c[o + 2] - q2;
      s += t * t;
      t = c[o + 3] - q3;
      s += t * t;
      t = c[o + 4] - q4;
      s += t * t;
      t = c[o + 5] - q5;
      s += t * t;
      t = c[o + 6] - q6;
      s += t * t;
      t = c[o + 7] - q7;
      s += t * t;
      const inside = +(s <= r2);
      edges[n] = k;
      n += inside ^ was;
      was = inside;
    }
    edges[n] = to;
    return n + was;
  }

  /**
   * The whole nodes plus the runs of points in (`places` places of `edges`). Exact in any order: the prefix rows are
   * sums of integer numerators.
   */
  private runs(edges: Int32Array, places: number, out: Float64Array): number {
    const s = this.d + 1;
    const P = this.prefix;
    for (let j = 0; j < s; j++) out[j] = this.base[j];
    for (let e = 0; e < places; e += 2) {
      const a = edges[e] * s;
      const b = edges[e + 1] * s;
      for (let j = 0; j < s; j++) out[j] += P[b + j] - P[a + j];
    }
    return out[s - 1];
  }

  /** runs for d = 8, written out (the sums in locals). */
  private runs8(edges: Int32Array, places: number, out: Float64Array): number {
    const P = this.prefix;
    const B = this.base;
    let a0 = B[0],
      a1 = B[1],
      a2 = B[2],
      a3 = B[3],
      a4 = B[4],
      a5 = B[5],
      a6 = B[6],
      a7 = B[7],
      a8 = B[8];
    for (let e = 0; e < places; e += 2) {
      const a = edges[e] * 9;
      const b = edges[e + 1] * 9;
      a0 += P[b] - P[a];
      a1 += P[b + 1] - P[a + 1];
      a2 += P[b + 2] - P[a + 2];
      a3 += P[b + 3] - P[a + 3];
      a4 += P[b + 4] - P[a + 4];
      a5 += P[b + 5] - P[a + 5];
      a6 += P[b + 6] - P[a + 6];
      a7 += P[b + 7] - P[a + 7];
      a8 += P[b + 8] - P[a + 8];
    }
    out[0] = a0;
    out[1] = a1;
    out[2] = a2;
    out[3] = a3;
    out[4] = a4;
    out[5] = a5;
    out[6] = a6;
    out[7] = a7;
    out[8] = a8;
    return a8;
  }

  private reserve(n: number): void {
    if (this.inKernel) return;
    // a layout that left the kernel has no JavaScript arrays yet (room 0): they are made here
    const room = this.coords.length / this.d;
    if (n <= room) return;
    const cap = Math.max(n, 2 * room);
    this.binStart = new Int32Array(cap + 2);
    this.coords = new Float64Array(cap * this.d);
    this.prefix = new Float64Array((cap + 1) * (this.d + 1));
  }
}

/** Floats of the numerators of `points` points in quads of four. */
function quadsLength(points: number): number {
  return Math.ceil(points / 4) * 32;
}
