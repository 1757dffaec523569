import { afterEach, describe, expect, it, vi } from 'vitest';
import { bandKernel, bandThresholds, type BandKernel } from '../../../src/core/cluster/band-kernel.ts';
import { createRandom } from '../../../src/core/util/random.ts';

const f = Math.fround;

/** The exact band test, as sorted.ts writes it in JavaScript: Σ over j = 0..7 of (x_j − q_j)², in that order. */
function within(x: ArrayLike<number>, o: number, q: ArrayLike<number>, r2: number): boolean {
  let s = 0;
  for (let j = 0; j < 8; j++) {
    const t = x[o + j] - q[j];
    s += t * t;
  }
  return s <= r2;
}

/** sorted.ts's edges of the places [from, to) whose points are `inside`. */
function edgesOf(inside: boolean[], from: number, to: number): number[] {
  const edges = [0];
  let n = 1;
  let was = 1;
  for (let k = from; k < to; k++) {
    const v = +inside[k];
    edges[n] = k;
    n += v ^ was;
    was = v;
  }
  edges[n] = to;
  return edges.slice(0, n + was);
}

/** A tree of `size` 8-D points k/D (k in 0..D) with weights 1–3, and its kernel with room for every point. */
function lattice(size: number, D: number, seed: number) {
  const rng = createRandom(seed);
  const coords = Float64Array.from({ length: size * 8 }, () => rng.int(D + 1) / D);
  const weights = Float64Array.from({ length: size }, () => 1 + rng.int(3));
  const numerators = coords.map((v, i) => weights[i >> 3] * Math.round(v * D));
  const kernel = bandKernel(size * 200, size, D, coords, numerators, weights)!;
  return { rng, coords, weights, numerators, kernel };
}

/** Lays out tree slots `slots` (in that order) through the kernel; returns the layout's arrays. */
function layOut(k: BandKernel, slots: number[]) {
  const n = slots.length;
  const slot = k.arena.i32(n);
  slot.set(slots);
  const order = k.arena.i32(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const quads = k.arena.f32(Math.ceil(n / 4) * 32);
  const places = k.arena.i32(n);
  const prefix = k.arena.i32((n + 1) * 9);
  const args = [order, slot, n, k.codes, k.numerators, k.weights, quads, places, prefix];
  expect(k.lay(...args.map((a) => (typeof a === 'number' ? a : a.byteOffset)))).toBe(n);
  return { quads, places, prefix };
}

describe('the band kernel (WebAssembly SIMD)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('decides every point as the exact test does, ties at the radius included, from any first and last place', () => {
    const size = 301;
    const D = 100;
    const { rng, coords, kernel: k } = lattice(size, D, 3);
    const slots = Array.from({ length: size }, (_, i) => (i * 37) % size);
    const { quads, places } = layOut(k, slots);
    let ties = 0;
    for (let trial = 0; trial < 400; trial++) {
      const q = Array.from({ length: 8 }, () => rng.next());
      // the radius at one point's own distance: that point lies exactly on the sphere
      const on = rng.int(size);
      let r2 = 0;
      for (let j = 0; j < 8; j++) r2 += (coords[on * 8 + j] - q[j]) ** 2;
      const M = 1 + Math.max(k.largest, ...q.map((v) => Math.abs(f(v * D))));
      const { lo, hi } = bandThresholds(r2, D, M);
      const from = rng.int(size);
      const to = from + rng.int(size - from + 1);
      const count = k.edges(
        quads.byteOffset,
        places.byteOffset,
        from,
        to,
        k.edgesOut.byteOffset,
        k.coords.byteOffset,
        ...q.map((v) => f(v * D)),
        lo,
        hi,
        ...q,
        r2,
      );
      const inside = slots.map((t) => within(coords, t * 8, q, r2));
      expect(Array.from(k.edgesOut.subarray(0, count))).toEqual(edgesOf(inside, from, to));
      const place = slots.indexOf(on);
      if (place >= from && place < to) ties++;
    }
    expect(ties).toBeGreaterThan(50);
  });

  it('lays points out in quads with int32 prefix rows, and sums the rows of runs', () => {
    const size = 200;
    const { coords, weights, numerators, kernel: k } = lattice(size, 100, 4);
    const slots = Array.from({ length: size }, (_, i) => (i * 7 + 3) % size);
    const { quads, places, prefix } = layOut(k, slots);
    const running = new Array<number>(9).fill(0);
    slots.forEach((t, i) => {
      expect(places[i]).toBe(t);
      for (let j = 0; j < 8; j++) {
        expect(quads[(i >> 2) * 32 + 4 * j + (i & 3)]).toBe(Math.round(coords[t * 8 + j] * 100));
        running[j] += numerators[t * 8 + j];
      }
      running[8] += weights[t];
      expect(Array.from(prefix.subarray((i + 1) * 9, (i + 2) * 9))).toEqual(running);
    });
    const runs = [0, 3, 7, 7, 10, 131, 140, 200];
    k.edgesOut.set(runs);
    const weight = k.runs(prefix.byteOffset, k.edgesOut.byteOffset, runs.length, k.sumsOut.byteOffset);
    const want = Array.from({ length: 9 }, (_, j) => {
      let s = 0;
      for (let e = 0; e < runs.length; e += 2) s += prefix[runs[e + 1] * 9 + j] - prefix[runs[e] * 9 + j];
      return s;
    });
    expect(Array.from(k.sumsOut)).toEqual(want);
    expect(weight).toBe(want[8]);
    expect(k.runs(prefix.byteOffset, k.edgesOut.byteOffset, 0, k.sumsOut.byteOffset)).toBe(0);
  });

  it('sorts a list’s points into bins of their squared distance as the JavaScript does, the last bin closed', () => {
    const { rng, kernel: k } = lattice(64, 100, 8);
    for (const n of [1, 7, 64]) {
      const out2 = 0.5;
      const rho2 = k.arena.f64(n);
      // the farthest point exactly at out2 (bin nBins, clamped to the last), others anywhere, some on bin edges
      for (let i = 0; i < n; i++)
        rho2[i] = i === 0 ? out2 : i % 5 === 0 ? (rng.int(n) * out2) / n : rng.next() * out2;
      const nBins = n;
      const scale = nBins / out2;
      const start = k.arena.i32(nBins + 2);
      expect(
        k.sort(rho2.byteOffset, n, scale, nBins, start.byteOffset, k.bins.byteOffset, k.order.byteOffset),
      ).toBe(n);
      const bin = (r: number) => Math.min(nBins - 1, Math.floor(r * scale));
      const want = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => bin(rho2[a]) - bin(rho2[b]) || a - b,
      );
      expect(Array.from(k.order.subarray(0, n))).toEqual(want);
      for (let b = 0; b < nBins; b++) {
        // sorted.ts reads bin b as the places [start[b], start[b + 1])
        const places = want.map((p, i) => (bin(rho2[p]) === b ? i : -1)).filter((i) => i >= 0);
        if (places.length)
          expect([start[b], start[b + 1]]).toEqual([places[0], places[places.length - 1] + 1]);
      }
    }
  });

  it('chooses the list for a query as neighbours.ts does: the first of least cost among those that cover it', () => {
    const { rng, kernel: k } = lattice(8, 100, 9);
    const centres = k.arena.f64(32 * 8);
    const reach2 = k.arena.f64(32);
    const sizes = k.arena.f64(32);
    const out = k.arena.f64(2);
    const r = 0.2828;
    for (let trial = 0; trial < 300; trial++) {
      const count = 1 + rng.int(32);
      const c = Array.from({ length: count }, () => Array.from({ length: 8 }, () => rng.next()));
      const q = Array.from({ length: 8 }, () => rng.next());
      c.forEach((row, i) => row.forEach((v, j) => (centres[(i >> 1) * 16 + 2 * j + (i & 1)] = v)));
      for (let i = 0; i < count; i++) {
        reach2[i] = rng.next() < 0.1 ? -1 : rng.next();
        // equal sizes and centres now and then: ties go to the first
        sizes[i] = i > 0 && rng.next() < 0.2 ? sizes[i - 1] : 100 + rng.int(5000);
        if (i > 0 && rng.next() < 0.1) {
          c[i] = [...c[i - 1]];
          c[i].forEach((v, j) => (centres[(i >> 1) * 16 + 2 * j + (i & 1)] = v));
        }
      }
      let best = -1;
      let bestD2 = 0;
      let bestCost = Infinity;
      for (let i = 0; i < count; i++) {
        let s2 = 0;
        for (let j = 0; j < 8; j++) s2 += (q[j] - c[i][j]) * (q[j] - c[i][j]);
        if (s2 > reach2[i]) continue;
        const cost = sizes[i] * (1 + (8 * Math.sqrt(s2)) / r);
        if (cost < bestCost) [best, bestD2, bestCost] = [i, s2, cost];
      }
      const got = k.cover(
        centres.byteOffset,
        reach2.byteOffset,
        sizes.byteOffset,
        count,
        ...q,
        r,
        out.byteOffset,
      );
      expect(got).toBe(best);
      if (best >= 0) expect([out[0], out[1]]).toEqual([bestD2, bestCost]);
    }
  });

  it('packs tree slots with their squared distances, keeping those within out2', () => {
    const size = 200;
    const { rng, coords, kernel: k } = lattice(size, 100, 5);
    const q = Array.from({ length: 8 }, () => rng.next());
    const out2 = 1.2;
    const slots = k.arena.i32(size);
    const rho2 = k.arena.f64(size);
    const kept = k.arena.i32(size);
    for (let i = 0; i < size; i++) slots[i] = (i * 7) % size;
    const n = k.pack(
      k.coords.byteOffset,
      slots.byteOffset,
      10,
      190,
      ...q,
      out2,
      rho2.byteOffset,
      kept.byteOffset,
      0,
    );
    const want: number[] = [];
    const dist: number[] = [];
    for (let i = 10; i < 190; i++) {
      let s2 = 0;
      for (let j = 0; j < 8; j++) s2 += (coords[slots[i] * 8 + j] - q[j]) ** 2;
      if (s2 <= out2) {
        want.push(slots[i]);
        dist.push(s2);
      }
    }
    expect(n).toBe(want.length);
    expect(n).toBeGreaterThan(20);
    expect(Array.from(kept.subarray(0, n))).toEqual(want);
    expect(Array.from(rho2.subarray(0, n))).toEqual(dist);
    expect(Array.from(k.identity)).toEqual(Array.from({ length: size }, (_, i) => i));
  });

  it('keeps its float32 thresholds on the right side of the exact test, on large numerators too', () => {
    const rng = createRandom(6);
    for (const [D, big] of [
      [100, 100],
      [65536, 2 ** 20],
    ]) {
      let decided = 0;
      for (let trial = 0; trial < 20000; trial++) {
        const k = Array.from({ length: 8 }, () => rng.int(big + 1));
        const x = k.map((v) => v / D);
        // a query near the point, and a radius within a part in 10^3 (or, every other trial, 10^6) of its distance
        const q = x.map((v) => v + ((rng.next() - 0.5) * big) / D / 4);
        let s = 0;
        for (let j = 0; j < 8; j++) s += (x[j] - q[j]) ** 2;
        const r2 = s * (1 + (rng.next() - 0.5) * (trial % 2 ? 2e-6 : 2e-3));
        const Q = q.map((v) => f(v * D));
        let S = 0;
        for (let j = 0; j < 8; j++) {
          const t = f(k[j] - Q[j]);
          S = f(S + f(t * t));
        }
        const M = 1 + Math.max(big, ...Q.map(Math.abs));
        const { lo, hi } = bandThresholds(r2, D, M);
        if (S < lo) expect(within(x, 0, q, r2)).toBe(true);
        if (S > hi) expect(within(x, 0, q, r2)).toBe(false);
        if (S < lo || S > hi) decided++;
      }
      // most points a part in a thousand from the sphere are decided in float32
      expect(decided).toBeGreaterThan(9000);
    }
  });

  it('is null for a lattice too large for float32 numerators or int32 sums, or where WebAssembly cannot compile', async () => {
    const one = new Float64Array(8).fill(1);
    expect(
      bandKernel(
        1024,
        8,
        2 ** 21,
        one,
        one.map(() => 2 ** 21),
        new Float64Array([1]),
      ),
    ).toBeNull();
    expect(
      bandKernel(
        1024,
        8,
        1,
        one,
        one.map(() => 2 ** 31),
        new Float64Array([2 ** 31]),
      ),
    ).toBeNull();
    expect(bandKernel(1024, 8, 1, one, one, new Float64Array([1]))).not.toBeNull();
    vi.stubGlobal('WebAssembly', {
      Module: function () {
        throw new Error('CompileError: refused by Content-Security-Policy');
      },
    });
    vi.resetModules();
    const fresh = await import('../../../src/core/cluster/band-kernel.ts');
    expect(fresh.bandKernel(1024, 8, 1, one, one, new Float64Array([1]))).toBeNull();
  });
});
