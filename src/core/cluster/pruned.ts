/** Storage of one neighbour list of exact MeanShift (see neighbours.ts). */

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
  kind = new Int8Array(64);
  /** 1 when the node may lie wholly within R of some query the list serves (worth a box test there). */
  boxTest = new Int8Array(64);
  node = new Int32Array(64);
  /** LEAF: the least rho2 of its packed points. */
  near2 = new Float64Array(64);
  /** LEAF: packed point range [a, b); INNER: child records (−1 when dropped). */
  a = new Int32Array(64);
  b = new Int32Array(64);
  nRec = 0;
  coords: Float64Array;
  w = new Float64Array(256);
  /** Squared distance of each packed point from the centre. */
  rho2 = new Float64Array(256);
  nPts = 0;
  /** Root record, or −1 when no point can be within R. */
  root = -1;
  /** Squared radii of the nodes kept whole and of the points kept, and the largest squared shift it serves. */
  in2 = -1;
  out2 = 0;
  reach2 = -1;

  constructor(readonly d: number) {
    this.centre = new Float64Array(d);
    this.coords = new Float64Array(256 * d);
  }

  addRecord(kind: number, node: number): number {
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

  reservePoints(extra: number): void {
    const need = this.nPts + extra;
    if (need <= this.w.length) return;
    const cap = Math.max(need, this.w.length * 2);
    const c = new Float64Array(cap * this.d);
    c.set(this.coords.subarray(0, this.nPts * this.d));
    const w = new Float64Array(cap);
    w.set(this.w.subarray(0, this.nPts));
    const rho2 = new Float64Array(cap);
    rho2.set(this.rho2.subarray(0, this.nPts));
    this.coords = c;
    this.w = w;
    this.rho2 = rho2;
  }
}
