import { describe, expect, it } from 'vitest';
import { bnslBruteGrid } from '../../../src/core/fit/bnsl.ts';
import { createRandom } from '../../../src/core/util/random.ts';

/** Every point of the official grid scored in full, sorted stably: what the brute search must return. */
function exhaustive(C: number[], err: number[], keep: number) {
  const trans = (v: number) => Math.pow(1.25, v) - 1 + 1e-8;
  const A = Array.from({ length: 10 }, (_, i) => i * 0.1);
  const BP = Array.from({ length: 16 }, (_, i) => i * 2.5);
  const Q = [0, 0.25, 0.5, 0.75];
  const all: { v: number; p: number[] }[] = [];
  for (const a of A)
    for (const bp of BP)
      for (const c0 of Q)
        for (const c1 of Q)
          for (const dp of BP)
            for (const f1 of Q) {
              const b = trans(bp);
              let s = 0;
              C.forEach((x, i) => {
                const q = f1 === 0 ? 1 : Math.pow(1 + Math.pow(x / trans(dp), 1 / f1), -c1 * f1);
                const d = Math.log(a + b * Math.pow(x, -c0) * q + 1) - Math.log(err[i] + 1);
                s += d * d;
              });
              all.push({ v: s / C.length, p: [a, b, c0, c1, trans(dp), f1] });
            }
  const ranked = all.filter((x) => !Number.isNaN(x.v)).sort((x, y) => x.v - y.v);
  return { starts: ranked.slice(0, keep).map((x) => x.p), msle: ranked.slice(0, keep).map((x) => x.v) };
}

describe('bnslBruteGrid', () => {
  it('keeps exactly the best grid points of an exhaustive search, in order', () => {
    const rand = createRandom(5);
    for (const [m, keep] of [
      [4, 12],
      [7, 30],
      [9, 5],
    ]) {
      const C = Array.from({ length: m }, (_, i) => 0.3 * Math.pow(5, i) * (1 + rand.next()));
      const err = C.map((_, i) => Math.max(0.01, 0.95 - (0.8 * i) / m + 0.05 * (rand.next() - 0.5)));
      expect(bnslBruteGrid(C, err, keep)).toEqual(exhaustive(C, err, keep));
    }
  });
});
