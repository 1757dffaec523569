import { describe, expect, it } from 'vitest';
import { portableTanh } from '../../../src/core/util/portable-math.ts';
import { createRandom } from '../../../src/core/util/random.ts';

/** The gap between |v| and the next double up. */
function ulp(v: number): number {
  const b = new Float64Array([Math.abs(v)]);
  const u = new BigInt64Array(b.buffer);
  u[0] += 1n;
  return b[0] - Math.abs(v);
}

describe('portableTanh', () => {
  it('gives the values of a correctly rounding libm (Python 3 math.tanh, glibc)', () => {
    const golden: [number, number][] = [
      [0.5, 0.46211715726000974],
      [1, 0.7615941559557649],
      [3, 0.9950547536867305],
      [0.99, 0.7573623242165262],
      [1e-10, 1e-10],
      [21.9, 1],
    ];
    for (const [x, y] of golden) {
      expect(portableTanh(x)).toBe(y);
      expect(portableTanh(-x)).toBe(-y);
    }
  });

  it('keeps the special values', () => {
    expect(portableTanh(NaN)).toBeNaN();
    expect(Object.is(portableTanh(0), 0)).toBe(true);
    expect(Object.is(portableTanh(-0), -0)).toBe(true);
    expect(portableTanh(Infinity)).toBe(1);
    expect(portableTanh(-Infinity)).toBe(-1);
    expect(portableTanh(5e-324)).toBe(5e-324);
    expect(portableTanh(1e300)).toBe(1);
  });

  it('stays within one ulp of Math.tanh from 1e-9 to 30, odd in x', () => {
    const rng = createRandom(3);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = (rng.next() < 0.5 ? -1 : 1) * 10 ** (-9 + 10.5 * rng.next());
      const [a, b] = [portableTanh(x), Math.tanh(x)];
      worst = Math.max(worst, Math.abs(a - b) / ulp(b));
      if (portableTanh(-x) !== -a) throw new Error(`not odd at ${x}`);
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});
