/**
 * Verlet-style neighbour lists for exact MeanShift. A list, built around a centre c, is the k-d tree pruned for every
 * query within δ of c (less a margin far above rounding): nodes farther than R + δ are dropped, nodes within R − δ
 * are kept whole (their precomputed sums), and each leaf between keeps only its points within R + δ, packed in slot
 * order with their distance ρ from c (a point with ρ ≤ R − shift is surely in, ρ > R + shift surely out).
 * Evaluating a list performs exactly the operations of RadiusSums' tree-shaped reduction on the points within R of
 * the query, so the sums are bit for bit RadiusSums': equal neighbour sets give bit-identical sums whatever the
 * query or the list, and a trajectory state seen before continues the same way.
 * On lattice points (lattice.ts) a list is also laid out sorted by ρ (sorted.ts): the sums are then of the integer
 * numerators, exact whatever their order, so equal neighbour sets give equal sums there too, and a step takes the
 * surely-in points in one prefix sum and tests only the band R ± shift.
 * A list far from a trajectory's small steps tests a wide band of points at every one of them, so a tight list is
 * built once the covering one costs REBUILD times what a new one would; a list holding every point the new one needs
 * (its own slack covers the shift plus the new slack) is pruned instead of the whole tree. On lattice points a list
 * built within a trajectory is centred ahead of the query along its last step (LEAD), where its next steps will be.
 */
import { Arena } from './arena.ts';
import { bandKernel, type BandKernel } from './band-kernel.ts';
import { LEAF, PrunedTree, WHOLE } from './pruned.ts';
import type { RadiusSums } from './radius.ts';
import type { Lattice } from './lattice.ts';
import { SortedBand } from './sorted.ts';

/** Relative margin on the displacement test: the distances' rounding is about 1e-15 relative, far below it. */
const MARGIN = 1e-8;
/** Lists kept for reuse (trajectories of nearby seeds and near a common mode pass by the same centres). */
const POOL = 32;
/**
 * Packed points a list and its sorted layout make room for at once, all in one arena whose pages are mapped in only
 * when written (at most: 32 lists of 4,096 8-D points reserve 10 MB, or 1.5 MB on a lattice, where a list keeps only
 * slots and distances; their layouts 19 MB); growing them list by list cost the 3,000-point hard set's process 10–18 ms
 * more.
 */
const PRESIZED_POINTS = 4096;
/**
 * With the lists' loops in WebAssembly (band-kernel.ts), a layout runs there only while it fits its room in the
 * kernel's memory, which cannot grow under the arrays it holds (a larger list's layout leaves it for good): each
 * layout there makes room for the whole tree, up to this many points (the 12,000-point hard set's largest list holds
 * 6,416; with 4,096, the 297 lists above held a sixth of all listed points). Pages are mapped in only when written,
 * so room never used costs address space, not memory.
 */
const KERNEL_BAND_POINTS = 16384;
/** A list packs a whole leaf before it drops the points beyond its reach: its room is one large leaf above its layout's. */
const LIST_LEAF_ROOM = 256;
/** A list's δ: this many times the trajectory's last shift, between MIN_SLACK·δmax and δmax. */
const SHIFTS_AHEAD = 3;
const MIN_SLACK = 0.1;
/**
 * A list is rebuilt around the query when the best covering one costs this many times what a new list would (1.5–3
 * measured alike on the 12,000-point hard set: a fifth fewer points visited per step than with no rebuilding).
 */
const REBUILD = 2;
/**
 * On lattice points, a list built within a trajectory is centred LEAD·δ ahead along the last step, with a slack of
 * SLACK_AHEAD·δ (δ as deltaFor gives it, so up to SLACK_AHEAD·δmax): the steps that follow move on in about that
 * direction, so they stay nearer its centre than a list centred on the query would keep them, and test a narrower
 * band. On the 12,000-point hard set in one thread: 13,276 → 5,577 lists and about 10% less time (0.5 and 1.75
 * measured best of 0.3–1 and 1–2.25; capping the slack at δmax gave 8,893 lists and a tenth more time). Off the
 * lattice, where each list point is tested in its leaf, it cost 2% on those points made continuous, and 5–10% on
 * 100,000 grid-seeded questions, so lists there stay centred on the query.
 */
const LEAD = 0.5;
const SLACK_AHEAD = 1.75;

export class NeighbourLists {
  private readonly d: number;
  private readonly r2: number;
  private readonly minDelta: number;
  private readonly maxDelta: number;
  private readonly pool: PrunedTree[] = [];
  /** Each pooled list's centre and reach2, side by side (covering reads them at every step; without a kernel). */
  private readonly centres: Float64Array;
  private readonly reach2 = new Float64Array(POOL);
  /** With a lattice: each pooled list's sorted layout, and the pool index of the list chosen for the query. */
  private readonly bands: SortedBand[] = [];
  private storage: Arena | null = null;
  /** With a lattice in at most 8 dimensions: the lists' loops in WebAssembly, whose memory the storage is in. */
  private kernel: BandKernel | null = null;
  /**
   * The kernel's copy of the pooled lists' centres (padded to 8 coordinates, in pairs: list i's coordinate j at
   * (i >> 1)·16 + 2j + (i & 1)), reaches and sizes, and the chosen list's s2 and cost: `covering` there.
   */
  private kernelPool: {
    centres: Float64Array;
    reach2: Float64Array;
    sizes: Float64Array;
    out: Float64Array;
  } | null = null;
  private chosen = -1;
  private readonly r: number;
  private readonly margin: number;
  private next = 0;
  /** Squared distance of the query from the chosen list's centre. */
  private shift2 = 0;
  /** Packed points with rho2 at most this are within r of the query, and those with more than surelyOut2 beyond. */
  private surelyIn2 = -1;
  private surelyOut2 = Infinity;
  private readonly acc: Float64Array;
  private readonly latticeSum: Float64Array;
  /** covering's cost of the list it chose, and the weight of the last neighbourhood summed. */
  private bestCost = Infinity;
  private lastCount = 0;
  /** The previous query: within a trajectory, where its last step started. */
  private readonly prev: Float64Array;
  private hasPrev = false;
  /** The centre of a list built ahead of the query. */
  private readonly aheadOf: Float64Array;
  /** Lists built, and of them those pruned from another list (test and bench instruments). */
  builds = 0;
  fromLists = 0;
  /** Of the lists built, those centred ahead of the query (test and bench instrument). */
  ahead = 0;
  /** Sums whose band test ran in WebAssembly (test instrument). */
  kernelSums = 0;

  /** The sums are of the points times `scale`: 1, or a lattice's D (their numerators, exact and order-free). */
  readonly scale: number;

  /**
   * Lists over the tree of `sums` for radius r; a list's slack δ follows the trajectory's last shift, at most `delta`
   * (units of the points). With a lattice, sums are of the numerators (see scale), else RadiusSums' bit for bit.
   * `kernelPoints`: the room of each layout in the band kernel's memory (0: no kernel; a test instrument).
   */
  constructor(
    private readonly sums: RadiusSums,
    r: number,
    delta: number,
    private readonly lattice: Lattice | null = null,
    private readonly kernelPoints = KERNEL_BAND_POINTS,
  ) {
    this.scale = lattice ? lattice.D : 1;
    this.d = sums.tree.d;
    this.r = r;
    this.r2 = r * r;
    this.margin = MARGIN * (r + delta);
    this.maxDelta = delta;
    this.minDelta = delta * MIN_SLACK;
    this.acc = new Float64Array(70 * this.d);
    this.latticeSum = new Float64Array(this.d + 1);
    this.prev = new Float64Array(this.d);
    this.centres = new Float64Array(POOL * this.d);
    this.aheadOf = new Float64Array(this.d);
  }

  /**
   * The list with the fewest points among those that hold every point within R + delta of c (its shift from c plus
   * delta stays within its own slack), to prune a new list from instead of the whole tree; or null.
   */
  private containerFor(c: Float64Array, delta: number): PrunedTree | null {
    let best: PrunedTree | null = null;
    for (const list of this.pool) {
      const room = list.slack - delta - this.margin;
      if (room < 0) continue;
      let s2 = 0;
      for (let j = 0; j < this.d; j++) s2 += (c[j] - list.centre[j]) ** 2;
      if (s2 <= room * room && list.nPts < (best?.nPts ?? Infinity)) best = list;
    }
    return best;
  }

  /**
   * Weighted sum of the points with d2 <= r2 from m (d2 accumulated over j = 0..d−1) times scale into `sum`
   * (without a lattice bit for bit RadiusSums.radiusSum's); returns their total weight.
   */
  radiusSum(m: Float64Array, sum: Float64Array, lastShift = Infinity): number {
    const delta = this.deltaFor(lastShift);
    let list = this.covering(m);
    if (!list || (lastShift < Infinity && this.bestCost > REBUILD * this.freshCost(lastShift))) {
      const slack = SLACK_AHEAD * delta;
      const lead = Math.min(LEAD * delta, slack - 4 * this.margin);
      let n2 = 0;
      if (this.lattice && this.hasPrev && lastShift < Infinity)
        for (let j = 0; j < this.d; j++) n2 += (m[j] - this.prev[j]) ** 2;
      if (n2 > 0 && lead > 0) {
        const f = lead / Math.sqrt(n2);
        for (let j = 0; j < this.d; j++) this.aheadOf[j] = m[j] + f * (m[j] - this.prev[j]);
        this.ahead++;
        list = this.build(this.aheadOf, slack, this.containerFor(this.aheadOf, slack));
        let s2 = 0;
        for (let j = 0; j < this.d; j++) s2 += (m[j] - this.aheadOf[j]) ** 2;
        this.shift2 = s2;
      } else list = this.build(m, delta, this.containerFor(m, delta));
    }
    this.prev.set(m);
    this.hasPrev = true;
    this.setShortcuts();
    if (this.lattice) {
      const band = this.bands[this.chosen];
      if (band.inKernel) this.kernelSums++;
      this.lastCount = band.sum(m, this.r2, this.surelyIn2, this.surelyOut2, this.latticeSum);
      for (let j = 0; j < this.d; j++) sum[j] = this.latticeSum[j];
    } else this.lastCount = this.evaluate(list, m, sum);
    return this.lastCount;
  }

  private evaluate(list: PrunedTree, m: Float64Array, sum: Float64Array): number {
    const d = this.d;
    sum.fill(0);
    if (list.root < 0) return 0;
    const node = list.node[list.root];
    if (list.kind[list.root] === WHOLE) {
      const s = this.sums.nodeSum;
      for (let j = 0; j < d; j++) sum[j] = s[node * d + j];
      return this.sums.tree.nodeW[node];
    }
    const cnt = d === 8 ? this.eval8(list, list.root, 0, m) : this.evalAny(list, list.root, 0, m);
    for (let j = 0; j < d; j++) sum[j] = this.acc[j];
    return cnt;
  }

  /** covering's cost of a list built now for a trajectory whose last shift and neighbourhood were as given. */
  private freshCost(lastShift: number): number {
    const grow = 1 + this.deltaFor(lastShift) / this.r;
    return this.lastCount * grow ** this.d * (1 + (8 * lastShift) / this.r);
  }

  private deltaFor(lastShift: number): number {
    return Math.min(this.maxDelta, Math.max(this.minDelta, SHIFTS_AHEAD * lastShift));
  }

  /**
   * Among the lists that cover m, the one cheapest to evaluate (its points, more for a larger shift, which widens the
   * band of points that need the distance test), its squared shift in shift2; or null.
   */
  private covering(m: Float64Array): PrunedTree | null {
    if (this.kernelPool) return this.coveringInKernel(m);
    let best = -1;
    let bestD2 = 0;
    let bestCost = Infinity;
    const d = this.d;
    const centres = this.centres;
    for (let i = 0; i < this.pool.length; i++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = m[j] - centres[i * d + j];
        s2 += t * t;
      }
      // most lists do not cover the query: no root for them
      if (s2 > this.reach2[i]) continue;
      const cost = this.pool[i].nPts * (1 + (8 * Math.sqrt(s2)) / this.r);
      if (cost < bestCost) {
        bestD2 = s2;
        bestCost = cost;
        best = i;
      }
    }
    this.bestCost = bestCost;
    this.chosen = best;
    if (best < 0) return null;
    this.shift2 = bestD2;
    return this.pool[best];
  }

  /** covering in the kernel: the same list, s2 and cost, bit for bit. */
  private coveringInKernel(m: Float64Array): PrunedTree | null {
    const k = this.kernel!;
    const kp = this.kernelPool!;
    const d = this.d;
    const best = k.cover(
      kp.centres.byteOffset,
      kp.reach2.byteOffset,
      kp.sizes.byteOffset,
      this.pool.length,
      m[0],
      d > 1 ? m[1] : 0,
      d > 2 ? m[2] : 0,
      d > 3 ? m[3] : 0,
      d > 4 ? m[4] : 0,
      d > 5 ? m[5] : 0,
      d > 6 ? m[6] : 0,
      d > 7 ? m[7] : 0,
      this.r,
      kp.out.byteOffset,
    );
    this.bestCost = kp.out[1];
    this.chosen = best;
    if (best < 0) return null;
    this.shift2 = kp.out[0];
    return this.pool[best];
  }

  /** Sets the bounds on a packed point's rho2 that decide it without the distance test, for a shift of sqrt(shift2). */
  private setShortcuts(): void {
    const shift = Math.sqrt(this.shift2) + this.margin;
    const inner = this.r - shift;
    this.surelyIn2 = inner > 0 ? inner * inner : -1;
    this.surelyOut2 = (this.r + shift) * (this.r + shift);
  }

  /** Packed points each pooled list and layout makes room for at once. */
  private get presized(): number {
    return Math.min(this.sums.tree.size, PRESIZED_POINTS);
  }

  /** Points each pooled list and layout makes room for at once. */
  private listPoints = 0;
  private bandPoints = 0;

  /** The storage of every pooled list and layout, allocated with the first list. */
  private arena(): Arena {
    if (this.storage) return this.storage;
    const points = this.presized;
    const lists = POOL * PrunedTree.arenaBytes(this.d, points, !this.lattice);
    this.listPoints = this.bandPoints = points;
    if (!this.lattice) return (this.storage = new Arena(lists));
    if (this.d <= 8 && this.kernelPoints > 0) {
      const tree = this.sums.tree;
      const room = Math.min(tree.size, this.kernelPoints);
      const listRoom = Math.min(tree.size, room + LIST_LEAF_ROOM);
      const pool = Arena.bytes(POOL * 8, 8) + 2 * Arena.bytes(POOL, 8) + Arena.bytes(2, 8);
      const bytes =
        POOL * (PrunedTree.arenaBytes(this.d, listRoom, false) + SortedBand.arenaBytes(this.d, room, true)) +
        pool;
      this.kernel = bandKernel(bytes, room, this.lattice.D, tree.coords, this.lattice.numerators, tree.w);
      if (this.kernel) {
        this.listPoints = listRoom;
        this.bandPoints = room;
        const a = this.kernel.arena;
        this.kernelPool = {
          centres: a.f64(POOL * 8),
          reach2: a.f64(POOL),
          sizes: a.f64(POOL),
          out: a.f64(2),
        };
        return (this.storage = a);
      }
    }
    return (this.storage = new Arena(lists + POOL * SortedBand.arenaBytes(this.d, points)));
  }

  /** A list centred on m (exact for m itself whatever δ), in the pool's oldest place. */
  private build(m: Float64Array, delta: number, parent: PrunedTree | null): PrunedTree {
    this.builds++;
    if (parent) this.fromLists++;
    this.shift2 = 0;
    if (this.pool.length < POOL) {
      // sized once for the largest list it can hold: growing ArrayBuffers step by step costs collections
      const tree = this.sums.tree;
      const arena = this.arena();
      this.pool.push(new PrunedTree(this.d, this.listPoints, tree.nNodes, arena, !this.lattice, this.kernel));
    }
    if (this.pool[this.next] === parent) this.next = (this.next + 1) % this.pool.length;
    const list = this.pool[this.next];
    this.chosen = this.next;
    this.next = (this.next + 1) % POOL;
    const inner = this.r - delta;
    const reach = delta - this.margin;
    list.rebuild(
      this.sums.tree,
      m,
      inner > 0 ? inner * inner : -1,
      (this.r + delta) * (this.r + delta),
      reach > 0 ? reach * reach : -1,
      parent,
    );
    list.slack = delta;
    const kp = this.kernelPool;
    if (!kp) {
      this.centres.set(list.centre, this.chosen * this.d);
      this.reach2[this.chosen] = list.reach2;
    } else {
      const i = this.chosen;
      for (let j = 0; j < 8; j++)
        kp.centres[(i >> 1) * 16 + 2 * j + (i & 1)] = j < this.d ? list.centre[j] : 0;
      kp.reach2[i] = list.reach2;
      kp.sizes[i] = list.nPts;
    }
    if (this.lattice) {
      const tree = this.sums.tree;
      const arena = this.arena();
      while (this.bands.length < this.pool.length)
        this.bands.push(new SortedBand(this.d, this.bandPoints, arena, this.kernel));
      this.bands[this.chosen].rebuild(list, tree, this.lattice);
    }
    return list;
  }

  /** RadiusSums.sumRec over the pruned tree: same operations, same order, partial sum into acc[depth]. */
  private evalAny(list: PrunedTree, rec: number, depth: number, m: Float64Array): number {
    const d = this.d;
    const acc = this.acc;
    const base = depth * d;
    for (let j = 0; j < d; j++) acc[base + j] = 0;
    let cnt = 0;
    if (list.kind[rec] === LEAF) {
      const c = list.coords;
      const r2 = this.r2;
      for (let k = list.a[rec], e = list.b[rec]; k < e; k++) {
        const rk = list.rho2[k];
        if (rk > this.surelyOut2) continue;
        const o = k * d;
        if (rk <= this.surelyIn2) {
          const wk = list.w[k];
          cnt += wk;
          for (let j = 0; j < d; j++) acc[base + j] += wk * c[o + j];
          continue;
        }
        // partial sums of non-negative terms never decrease, so stopping early cannot change the decision
        let s2 = 0;
        for (let j = 0; j < d && s2 <= r2; j++) {
          const t = c[o + j] - m[j];
          s2 += t * t;
        }
        if (s2 > r2) continue;
        const wk = list.w[k];
        cnt += wk;
        for (let j = 0; j < d; j++) acc[base + j] += wk * c[o + j];
      }
      return cnt;
    }
    const tree = this.sums.tree;
    for (let side = 0; side < 2; side++) {
      const ch = side === 0 ? list.a[rec] : list.b[rec];
      if (ch < 0) continue;
      const node = list.node[ch];
      let whole = list.kind[ch] === WHOLE;
      if (!whole && list.boxTest[ch] === 1) {
        // RadiusSums' box test at the query: a node found wholly inside uses its precomputed sum there too
        tree.boxBounds(node, m, 0);
        if (tree.bMin > this.r2) continue;
        whole = tree.bMax <= this.r2;
      }
      if (whole) {
        cnt += tree.nodeW[node];
        for (let j = 0; j < d; j++) acc[base + j] += this.sums.nodeSum[node * d + j];
        continue;
      }
      const cc = this.evalAny(list, ch, depth + 1, m);
      if (cc === 0) continue;
      cnt += cc;
      for (let j = 0; j < d; j++) acc[base + j] += acc[base + d + j];
    }
    return cnt;
  }

  /** evalAny unrolled for d = 8 (the pass-rate case): the same operations in the same order. */
  private eval8(list: PrunedTree, rec: number, depth: number, m: Float64Array): number {
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
    if (list.kind[rec] === LEAF) {
      const c = list.coords;
      const w = list.w;
      const rho2 = list.rho2;
      const r2 = this.r2;
      const sIn = this.surelyIn2;
      const sOut = this.surelyOut2;
      const q0 = m[0],
        q1 = m[1],
        q2 = m[2],
        q3 = m[3],
        q4 = m[4],
        q5 = m[5],
        q6 = m[6],
        q7 = m[7];
      // a leaf whose nearest packed point is surely out adds nothing
      const e = list.near2[rec] > sOut ? list.a[rec] : list.b[rec];
      for (let k = list.a[rec]; k < e; k++) {
        const rk = rho2[k];
        if (rk > sOut) continue;
        const o = k * 8;
        if (rk > sIn) {
          // written out: calling spatial.ts's helpers here made exact MeanShift about 2× slower (measured)
          let t = c[o] - q0;
          let s = t * t;
          t = c[o + 1] - q1;
          s += t * t;
          t = c[o + 2] - q2;
          s += t * t;
          t = c[o + 3] - q3;
          s += t * t;
          if (s > r2) continue;
          t = c[o + 4] - q4;
          s += t * t;
          t = c[o + 5] - q5;
          s += t * t;
          t = c[o + 6] - q6;
          s += t * t;
          t = c[o + 7] - q7;
          s += t * t;
          if (s > r2) continue;
        }
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
      const lo = this.sums.tree.lo;
      const hi = this.sums.tree.hi;
      const r2 = this.r2;
      for (let side = 0; side < 2; side++) {
        const ch = side === 0 ? list.a[rec] : list.b[rec];
        if (ch < 0) continue;
        const node = list.node[ch];
        let whole = list.kind[ch] === WHOLE;
        if (!whole && list.boxTest[ch] === 1) {
          // RadiusSums' box test at the query: a node found wholly inside uses its precomputed sum there too
          const o = node * 8;
          let mn = 0;
          let mx = 0;
          for (let j = 0; j < 8; j++) {
            const v = m[j];
            const x = v - lo[o + j];
            const y = hi[o + j] - v;
            if (x < 0) mn += x * x;
            else if (y < 0) mn += y * y;
            mx += x > y ? x * x : y * y;
          }
          if (mn > r2) continue;
          whole = mx <= r2;
        }
        let src: Float64Array;
        let so: number;
        if (whole) {
          cnt += this.sums.tree.nodeW[node];
          src = this.sums.nodeSum;
          so = node * 8;
        } else {
          const cc = this.eval8(list, ch, depth + 1, m);
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
}
