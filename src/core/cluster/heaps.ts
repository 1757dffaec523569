/** The k-d tree's selection helpers: a list of squared distances in a shell, a bounded max-heap, quickselect. */
/** Growable list of squared distances; a point of integer weight w is listed w times. */
export class Shell {
  d2 = new Float64Array(1024);
  n = 0;

  push(v: number, wt: number): void {
    if (this.n + wt > this.d2.length) {
      const a = new Float64Array(Math.max(this.d2.length * 2, this.n + wt));
      a.set(this.d2);
      this.d2 = a;
    }
    for (let r = 0; r < wt; r++) this.d2[this.n++] = v;
  }

  /**
   * The r-th smallest listed value (0-based); reorders the list (Hoare quickselect). Kept alike on purpose
   * (duplicates) with `quickselect` below, which moves an index array keyed by one coordinate: a shared accessor would
   * cost a call per comparison in estimate_bandwidth's hottest loop.
   */
  select(r: number): number {
    const a = this.d2;
    let lo = 0;
    let hi = this.n - 1;
    while (hi > lo) {
      const pv = a[(lo + hi) >> 1];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (a[i] < pv) i++;
        while (a[j] > pv) j--;
        if (i <= j) {
          const t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (r <= j) hi = j;
      else if (r >= i) lo = i;
      else return a[r];
    }
    return a[r];
  }
}

/** Bounded max-heap of (d2, weight) keeping the smallest entries whose weights reach k. */
export class KHeap {
  private d2: Float64Array;
  private wt: Float64Array;
  private n = 0;
  total = 0;
  private k = 1;

  constructor(capacity: number) {
    this.d2 = new Float64Array(capacity + 1);
    this.wt = new Float64Array(capacity + 1);
  }

  reset(k: number): void {
    this.n = 0;
    this.total = 0;
    this.k = k;
    if (this.d2.length < k + 1) {
      this.d2 = new Float64Array(k + 1);
      this.wt = new Float64Array(k + 1);
    }
  }

  /** Current k-th distance bound (Infinity until the weights reach k). */
  bound(): number {
    return this.total >= this.k ? this.d2[0] : Infinity;
  }

  top(): number {
    return this.d2[0];
  }

  push(v: number, w: number): void {
    if (this.n === this.d2.length) this.grow();
    const a = this.d2;
    const b = this.wt;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] >= v) break;
      a[i] = a[p];
      b[i] = b[p];
      i = p;
    }
    a[i] = v;
    b[i] = w;
    this.total += w;
    // drop the largest while the rest still reach k
    while (this.n > 1 && this.total - this.wt[0] >= this.k) this.pop();
  }

  private pop(): void {
    const a = this.d2;
    const b = this.wt;
    this.total -= b[0];
    const n = --this.n;
    const v = a[n];
    const w = b[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && a[c + 1] > a[c]) c++;
      if (a[c] <= v) break;
      a[i] = a[c];
      b[i] = b[c];
      i = c;
    }
    a[i] = v;
    b[i] = w;
  }

  private grow(): void {
    const a = new Float64Array(this.d2.length * 2);
    a.set(this.d2);
    const b = new Float64Array(this.wt.length * 2);
    b.set(this.wt);
    this.d2 = a;
    this.wt = b;
  }
}

/** Rearranges idx[lo..hi] so idx[k] holds the element of rank k along `axis`. */
export function quickselect(
  data: Float64Array,
  idx: Int32Array,
  lo: number,
  hi: number,
  k: number,
  axis: number,
  d: number,
): void {
  while (hi > lo) {
    const pv = data[idx[(lo + hi) >> 1] * d + axis];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (data[idx[i] * d + axis] < pv) i++;
      while (data[idx[j] * d + axis] > pv) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
