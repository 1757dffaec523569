/**
 * Points sorted by their projection on the diagonal (1, …, 1)/√d, for exact k-th-neighbour distances: a point whose
 * projection differs from the query's by more than h is farther than h (|p·u − q·u| ≤ |p − q| for a unit u), so a
 * query bounded by h scans only the points whose projections lie within h of its own (a third to a half of
 * pass-rate data at estimate_bandwidth's radii).
 */
import { dist2Capped } from './spatial.ts';
import type { Shell } from './heaps.ts';

/** Relative margin on the projection bound: the projections' rounding is about 1e-15 relative, far below it. */
const MARGIN = 1e-9;

export class DiagonalSlab {
  private readonly d: number;
  private readonly n: number;
  private readonly proj: Float64Array;
  private readonly coords: Float64Array;
  private readonly w: Float64Array;
  /** Largest |projection|: scales the rounding margin. */
  private readonly scale: number;

  /** Sorts the n×d rows `coords` (weights `w`, integer multiplicities) by projection. */
  constructor(coords: Float64Array, w: Float64Array, d: number) {
    const n = w.length;
    this.d = d;
    this.n = n;
    const p = new Float64Array(n);
    let scale = 0;
    for (let s = 0; s < n; s++) {
      p[s] = this.project(coords, s * d);
      scale = Math.max(scale, Math.abs(p[s]));
    }
    this.scale = scale;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
    this.proj = new Float64Array(n);
    this.coords = new Float64Array(n * d);
    this.w = new Float64Array(n);
    order.forEach((s, i) => {
      this.proj[i] = p[s];
      this.coords.set(coords.subarray(s * d, s * d + d), i * d);
      this.w[i] = w[s];
    });
  }

  /** Projection of row qo of q on the diagonal. */
  project(q: Float64Array, qo: number): number {
    let s = 0;
    for (let j = 0; j < this.d; j++) s += q[qo + j];
    return s / Math.sqrt(this.d);
  }

  /** First sorted index whose projection is at least v. */
  private lowerBound(v: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.proj[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Same value as KdTree.kthDist2InShell: the k-th smallest d2 (d2 accumulated over j = 0..d−1, weights counted)
   * from row qo of q when it lies in (lo2, hi2], else NaN. hi2 must be at most hi², hi ≥ 0.
   */
  kthDist2InShell(
    q: Float64Array,
    qo: number,
    k: number,
    lo2: number,
    hi2: number,
    hi: number,
    shell: Shell,
  ): number {
    const d = this.d;
    const c = this.coords;
    const pq = this.project(q, qo);
    const reach = hi + MARGIN * (hi + this.scale);
    const from = this.lowerBound(pq - reach);
    const to = this.lowerBound(pq + reach + 1e-300);
    shell.n = 0;
    let cLo = 0;
    let shellW = 0;
    if (d === 8) {
      cLo = this.classify8(q, qo, lo2, hi2, from, to, shell);
      shellW = this.shellW;
    } else
      for (let s = from; s < to; s++) {
        const s2 = dist2Capped(c, s * d, q, qo, d, hi2);
        if (s2 <= lo2) cLo += this.w[s];
        else if (s2 <= hi2) {
          shell.push(s2, this.w[s]);
          shellW += this.w[s];
        }
      }
    if (cLo >= k || cLo + shellW < k) return NaN;
    return shell.select(k - cLo - 1);
  }

  /** Weight set by classify8 for its shell. */
  private shellW = 0;

  /** The scan of kthDist2InShell unrolled for d = 8, same operations: returns the weight within lo2. */
  private classify8(
    q: Float64Array,
    qo: number,
    lo2: number,
    hi2: number,
    from: number,
    to: number,
    shell: Shell,
  ): number {
    const c = this.coords;
    const w = this.w;
    const q0 = q[qo],
      q1 = q[qo + 1],
      q2 = q[qo + 2],
      q3 = q[qo + 3],
      q4 = q[qo + 4],
      q5 = q[qo + 5],
      q6 = q[qo + 6],
      q7 = q[qo + 7];
    let cLo = 0;
    let shellW = 0;
    for (let s = from; s < to; s++) {
      // written out: a call per half distance here made estimate_bandwidth about 2× slower (measured)
      const o = s * 8;
      let t = c[o] - q0;
      let x = t * t;
      t = c[o + 1] - q1;
      x += t * t;
      t = c[o + 2] - q2;
      x += t * t;
      t = c[o + 3] - q3;
      x += t * t;
      if (x > hi2) continue;
      t = c[o + 4] - q4;
      x += t * t;
      t = c[o + 5] - q5;
      x += t * t;
      t = c[o + 6] - q6;
      x += t * t;
      t = c[o + 7] - q7;
      x += t * t;
      if (x <= lo2) cLo += w[s];
      else if (x <= hi2) {
        shell.push(x, w[s]);
        shellW += w[s];
      }
    }
    this.shellW = shellW;
    return cLo;
  }
}
