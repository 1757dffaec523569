import { afterEach, describe, expect, it, vi } from 'vitest';
import { bandKernel } from '../../../src/core/cluster/band-kernel.ts';
import { createRandom } from '../../../src/core/util/random.ts';

type Q = [number, number, number, number, number, number, number, number];

/** The band test as sorted.ts writes it in JavaScript, on rows of 8 coordinates. */
function edgesReference(rows: number[][], q: number[], r2: number, from: number, to: number): number[] {
  const edges = [0];
  let n = 1;
  let was = 1;
  for (let k = from; k < to; k++) {
    let s = 0;
    for (let j = 0; j < 8; j++) {
      const t = rows[k][j] - q[j];
      s += t * t;
    }
    const inside = +(s <= r2);
    edges[n] = k;
    n += inside ^ was;
    was = inside;
  }
  edges[n] = to;
  return edges.slice(0, n + was);
}

const none = new Float64Array(0);

describe('the band kernel (WebAssembly SIMD)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('decides every point as the JavaScript test does, ties at the radius included, from any first and last point', () => {
    const n = 301;
    const kernel = bandKernel(n * 64, n, none, none, none);
    expect(kernel).not.toBeNull();
    const k = kernel!;
    const coords = k.arena.f64(n * 8 + 8);
    const rng = createRandom(3);
    let cases = 0;
    for (let trial = 0; trial < 400; trial++) {
      const rows = Array.from({ length: n }, () => Array.from({ length: 8 }, () => rng.int(101) / 100));
      rows.forEach((row, i) => row.forEach((v, j) => (coords[(i >> 1) * 16 + 2 * j + (i & 1)] = v)));
      const q = Array.from({ length: 8 }, () => rng.next());
      // the radius at one point's own distance: that point lies exactly on the sphere
      const on = rows[rng.int(n)];
      const r2 = on.reduce((s, v, j) => s + (v - q[j]) * (v - q[j]), 0);
      const from = rng.int(n);
      const to = from + rng.int(n - from + 1);
      const places = k.edges(coords.byteOffset, from, to, k.edgesOut.byteOffset, ...(q as Q), r2);
      expect(Array.from(k.edgesOut.subarray(0, places))).toEqual(edgesReference(rows, q, r2, from, to));
      cases += places > 2 ? 1 : 0;
    }
    expect(cases).toBeGreaterThan(300);
  });

  it('sums the runs of 9-column prefix rows', () => {
    const rows = 50;
    const k = bandKernel((rows + 1) * 72, rows, none, none, none)!;
    const prefix = k.arena.f64((rows + 1) * 9);
    const rng = createRandom(4);
    for (let i = 1; i <= rows; i++)
      for (let j = 0; j < 9; j++) prefix[i * 9 + j] = prefix[(i - 1) * 9 + j] + rng.int(500);
    const runs = [0, 3, 7, 7, 10, 31, 40, 50];
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

  it('lays points out in pairs with their prefix rows, and packs slots with their distances, as the JavaScript does', () => {
    const size = 200;
    const rng = createRandom(5);
    const coords = Float64Array.from({ length: size * 8 }, () => rng.int(101) / 100);
    const weights = Float64Array.from({ length: size }, () => 1 + rng.int(3));
    const numerators = coords.map((v, i) => weights[i >> 3] * Math.round(v * 100));
    const k = bandKernel(size * 200, size, coords, numerators, weights)!;
    expect(Array.from(k.identity)).toEqual(Array.from({ length: size }, (_, i) => i));
    // pack: every other tree slot, kept within out2 of q
    const q = Array.from({ length: 8 }, () => rng.next());
    const out2 = 1.2;
    const slots = k.arena.i32(size);
    const rho2 = k.arena.f64(size);
    for (let i = 0; i < size; i++) slots[i] = (i * 7) % size;
    const n = k.pack(
      k.coords.byteOffset,
      slots.byteOffset,
      10,
      190,
      ...(q as Q),
      out2,
      rho2.byteOffset,
      k.order.byteOffset,
      0,
    );
    const kept: number[] = [];
    const dist: number[] = [];
    for (let i = 10; i < 190; i++) {
      const p = slots[i];
      let s2 = 0;
      for (let j = 0; j < 8; j++) {
        const t = coords[p * 8 + j] - q[j];
        s2 += t * t;
      }
      if (s2 <= out2) {
        kept.push(p);
        dist.push(s2);
      }
    }
    expect(n).toBe(kept.length);
    expect(n).toBeGreaterThan(20);
    expect(Array.from(k.order.subarray(0, n))).toEqual(kept);
    expect(Array.from(rho2.subarray(0, n))).toEqual(dist);
    // lay: places 0..n−1 hold slots listSlots[order[i]]
    const listSlots = k.order;
    const order = k.arena.i32(n);
    for (let i = 0; i < n; i++) order[i] = n - 1 - i;
    const out = k.arena.f64((n + 1) * 8);
    const prefix = k.arena.f64((n + 1) * 9);
    expect(
      k.lay(
        order.byteOffset,
        listSlots.byteOffset,
        n,
        k.coords.byteOffset,
        k.numerators.byteOffset,
        k.weights.byteOffset,
        out.byteOffset,
        prefix.byteOffset,
      ),
    ).toBe(n);
    const running = new Array<number>(9).fill(0);
    for (let i = 0; i < n; i++) {
      const t = kept[n - 1 - i];
      for (let j = 0; j < 8; j++) {
        expect(out[(i >> 1) * 16 + 2 * j + (i & 1)]).toBe(coords[t * 8 + j]);
        running[j] += numerators[t * 8 + j];
      }
      running[8] += weights[t];
      expect(Array.from(prefix.subarray((i + 1) * 9, (i + 2) * 9))).toEqual(running);
    }
  });

  it('is null where WebAssembly cannot compile it (the page’s policy forbids it), so layouts keep their JavaScript test', async () => {
    vi.stubGlobal('WebAssembly', {
      Module: function () {
        throw new Error('CompileError: refused by Content-Security-Policy');
      },
    });
    vi.resetModules();
    const fresh = await import('../../../src/core/cluster/band-kernel.ts');
    expect(fresh.bandKernel(1024, 8, none, none, none)).toBeNull();
  });
});
