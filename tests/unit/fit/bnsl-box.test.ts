import { describe, expect, it } from 'vitest';
import { bnslBox, bnslInBox, covarianceOf } from '../../../src/core/fit/bnsl-box.ts';
import { bnslBruteGrid } from '../../../src/core/fit/bnsl.ts';
import { fitLaw, lawInterval, LAWS, toLawUnits } from '../../../src/core/fit/index.ts';
import { lawProblem } from '../../../src/core/fit/problem.ts';
import { leastSquares } from '../../../src/core/fit/solver.ts';

/**
 * A generated checkpoint ladder (3 sizes, each at 10–100% of its tokens; checkpoints #1 of the suite, benchmark 2,
 * one sample per question): scores that wobble as checkpoints of different sizes interleave. The official recipe's
 * unbounded LM stops here after 5,000 iterations without converging.
 */
const LADDER: [number, number][] = [
  [4.249812175128685e16, 0.496],
  [1.062453043782171e17, 0.514],
  [2.0309647592228883e17, 0.54],
  [2.124906087564342e17, 0.508],
  [3.187359131346513e17, 0.51],
  [4.249812175128684e17, 0.548],
  [5.077411898057221e17, 0.55],
  [1.0154823796114442e18, 0.566],
  [1.5232235694171663e18, 0.594],
  [1.6615340675930107e18, 0.578],
  [2.0309647592228884e18, 0.592],
  [4.1538351689825265e18, 0.604],
  [8.307670337965053e18, 0.606],
  [1.246150550694758e19, 0.59],
  [1.6615340675930106e19, 0.628],
];
const C = LADDER.map(([f]) => toLawUnits(f));
const y = LADDER.map(([, v]) => v);

describe('BNSL within a box, b, d1 and f1 log-scaled', () => {
  it('converges where the unbounded recipe does not, at a cost no higher than where that one stopped', () => {
    const problem = lawProblem(
      LAWS.bnsl,
      C,
      y,
      y.map(() => 1),
    );
    const starts = bnslBruteGrid(
      C,
      y.map((v) => 1 - v),
      12,
    ).starts;
    const unbounded = starts
      .map((s) => leastSquares(problem, s, { maxIterations: 300 }))
      .reduce((a, b) => (b.cost < a.cost ? b : a));
    const longer = leastSquares(problem, unbounded.params, { maxIterations: 5000 });
    expect(longer.converged).toBe(false);

    const boxed = bnslInBox(problem, C, [longer.params, ...starts])!;
    expect(boxed.converged).toBe(true);
    expect(boxed.cost).toBeLessThanOrEqual(longer.cost);
    const box = bnslBox(C);
    boxed.params.forEach((v, j) => {
      expect(v).toBeGreaterThanOrEqual(box.lower[j] * (1 - 1e-12));
      expect(v).toBeLessThanOrEqual(box.upper[j] * (1 + 1e-12));
    });
  });

  it('is what fitLaw reports, with its reason, parameters at their bounds and an interval around its value', () => {
    const fit = fitLaw('bnsl', C, y);
    expect(fit.converged).toBe(true);
    expect(fit.reason).toMatch(
      /^the unbounded fit did not converge; log-scaled b, d1, f1 within bounds converged/,
    );
    const held = fit.atBounds.flatMap((b, j) => (b ? [fit.paramNames[j]] : []));
    for (const name of held) expect(fit.reason).toMatch(new RegExp(`${name} (at|held) `));
    // the sharpness sits on its lower bound here, and the reason says which bound
    expect(held).toContain('f1');
    expect(fit.params[5]).toBeCloseTo(0.01, 12);
    expect(fit.reason).toContain('f1 at 0.0100');
    const at = lawInterval(fit, toLawUnits(10 * LADDER[LADDER.length - 1][0]));
    expect(at.note).toBeUndefined();
    expect(at.low).toBeLessThan(at.value);
    expect(at.high).toBeGreaterThan(at.value);
    expect(at.value).toBeGreaterThan(0.6);
    expect(at.value).toBeLessThan(0.75);
  });

  it('maps a covariance of ln b, ln d1, ln f1 back to b, d1, f1 by the delta method', () => {
    const fit = {
      params: [0.1, 2, 0.3, 0.4, 50, 0.5],
    } as Parameters<typeof covarianceOf>[0];
    const logCov = Array.from({ length: 6 }, (_, a) =>
      Array.from({ length: 6 }, (_, b) => (a === b ? 1 : 0.5)),
    );
    const cov = covarianceOf(fit, logCov)!;
    expect(cov[0][0]).toBe(1);
    expect(cov[1][1]).toBeCloseTo(4, 14);
    expect(cov[4][4]).toBeCloseTo(2500, 10);
    expect(cov[1][4]).toBeCloseTo(0.5 * 2 * 50, 12);
    expect(cov[0][5]).toBeCloseTo(0.5 * 0.5, 14);
    expect(covarianceOf(fit, null)).toBeNull();
  });
});
