import { describe, expect, it } from 'vitest';
import { fitLaw, lawInterval, lawValue, withNoiseOf } from '../../../src/core/fit/index.ts';

// Six ladder points (1e18-FLOP units) of a smooth curve, the f3 law exp(−a·C^−b) plus a little wobble.
const C = [10, 30, 100, 300, 1000, 3000];
const smooth = C.map((c, i) => Math.exp(-4 * c ** -0.35) + 0.002 * Math.sin(i));
// The same curve seen with sampling noise of a few points.
const noisy = smooth.map((v, i) => v + [0.03, -0.04, 0.02, 0.035, -0.03, 0.01][i]);

describe('a fit judged against the noise of other observations', () => {
  const fit = fitLaw('f3', C, smooth);

  it('scales the covariance by the SSE of the observations about the law over the fit’s own', () => {
    expect(fit.converged).toBe(true);
    const wide = withNoiseOf(fit, C, noisy);
    const sse = noisy.reduce((s, y, i) => s + (y - lawValue(fit, C[i])) ** 2, 0);
    const ratio = sse / fit.sse;
    expect(ratio).toBeGreaterThan(50);
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++)
        expect(wide.covariance![a][b]).toBeCloseTo(fit.covariance![a][b] * ratio, 12);
    expect(wide.params).toEqual(fit.params);
    expect(wide.sse).toBe(fit.sse);
    const at = 1e5;
    const half = (f: typeof fit) => lawInterval(f, at).high - lawInterval(f, at).low;
    expect(half(wide) / half(fit)).toBeCloseTo(Math.sqrt(ratio), 1);
  });

  it('keeps the fit when the observations lie no farther from the law', () => {
    expect(
      withNoiseOf(
        fit,
        C,
        C.map((c) => lawValue(fit, c)),
      ),
    ).toBe(fit);
    expect(withNoiseOf(fit, C, smooth)).toBe(fit);
  });
});
