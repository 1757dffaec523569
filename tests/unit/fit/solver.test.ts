import { describe, expect, it } from 'vitest';
import { leastSquares, type LeastSquaresProblem } from '../../../src/core/fit/solver.ts';

/** Rosenbrock as least squares: r = [10(x₂ − x₁²), 1 − x₁], minimum 0 at (1, 1). */
const rosenbrock: LeastSquaresProblem = {
  m: 2,
  n: 2,
  residuals(p, out) {
    out[0] = 10 * (p[1] - p[0] * p[0]);
    out[1] = 1 - p[0];
  },
  jacobian(p, out) {
    out[0] = -20 * p[0];
    out[1] = 10;
    out[2] = -1;
    out[3] = 0;
  },
};

describe('leastSquares', () => {
  it('finds the unconstrained minimum of Rosenbrock', () => {
    const res = leastSquares(rosenbrock, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expect(res.params[0]).toBeCloseTo(1, 10);
    expect(res.params[1]).toBeCloseTo(1, 10);
    expect(res.cost).toBeLessThan(1e-20);
    expect(res.atBounds).toEqual([false, false]);
  });

  it('stops on an active upper bound (KKT point x₁ = 0.5, x₂ = 0.25)', () => {
    const res = leastSquares(rosenbrock, [-1.2, 1], { lower: [-2, -2], upper: [0.5, 2] });
    expect(res.converged).toBe(true);
    expect(res.params[0]).toBe(0.5);
    // The pinned residual (0.5² = 0.25) hides r₁² below the cost's rounding, so x₂ is only resolved to ~1e-9.
    expect(res.params[1]).toBeCloseTo(0.25, 8);
    expect(res.cost).toBeCloseTo(0.25, 12);
    expect(res.atBounds).toEqual([true, false]);
  });

  it('solves a linear problem exactly and clips the start into the box', () => {
    // Fit y = p0 + p1·t through noisy points; the normal-equation solution is known in closed form.
    const t = [0, 1, 2, 3, 4];
    const y = [1.1, 2.9, 5.2, 7.1, 8.8];
    const problem: LeastSquaresProblem = {
      m: 5,
      n: 2,
      residuals(p, out) {
        t.forEach((ti, i) => (out[i] = p[0] + p[1] * ti - y[i]));
      },
      jacobian(_p, out) {
        t.forEach((ti, i) => {
          out[2 * i] = 1;
          out[2 * i + 1] = ti;
        });
      },
    };
    const res = leastSquares(problem, [100, -100], { lower: [-10, 0], upper: [10, 10] });
    const n = t.length;
    const st = t.reduce((a, b) => a + b);
    const sy = y.reduce((a, b) => a + b);
    const stt = t.reduce((a, b) => a + b * b, 0);
    const sty = t.reduce((a, b, i) => a + b * y[i], 0);
    const slope = (n * sty - st * sy) / (n * stt - st * st);
    expect(res.params[1]).toBeCloseTo(slope, 12);
    expect(res.params[0]).toBeCloseTo((sy - slope * st) / n, 12);
  });

  it('holds a parameter at its lower bound when the unconstrained optimum lies below it', () => {
    // r = p − (−3): the optimum −3 is outside [0, 5].
    const problem: LeastSquaresProblem = {
      m: 1,
      n: 1,
      residuals: (p, out) => void (out[0] = p[0] + 3),
      jacobian: (_p, out) => void (out[0] = 1),
    };
    const res = leastSquares(problem, [2], { lower: [0], upper: [5] });
    expect(res.params).toEqual([0]);
    expect(res.atBounds).toEqual([true]);
    expect(res.cost).toBe(9);
  });

  it('reports a start with non-finite residuals instead of throwing', () => {
    const problem: LeastSquaresProblem = {
      m: 1,
      n: 1,
      residuals: (p, out) => void (out[0] = Math.log(p[0])),
      jacobian: (p, out) => void (out[0] = 1 / p[0]),
    };
    const res = leastSquares(problem, [-1]);
    expect(res.converged).toBe(false);
    expect(res.cost).toBe(Infinity);
  });
});
