/**
 * BNSL's fit when the official recipe's unbounded LM does not converge (noisy or non-monotone ladders, such as a
 * size's checkpoints beside smaller finished models): the same residuals, with the positive parameters b, d1 and f1
 * fitted by their logarithms inside a box of meaningful values. Their scales span many decades, and in raw
 * coordinates LM crawls along the curved valleys between them and stops after thousands of iterations short of the
 * optimum; in logarithms it reaches the optimum, or the box's edge when the data hold no break.
 */
import { LAWS } from './laws.ts';
import type { LeastSquaresProblem, LeastSquaresResult } from './solver.ts';
import { leastSquares } from './solver.ts';

/** Indices of b, d1 and f1 in [a, b, c0, c1, d1, f1]: fitted by their logarithms. */
const LOGGED = [1, 4, 5];
/** How far beyond the ladder's compute (a factor on either side) the break may sit. */
const BREAK_REACH = 100;
/** Iterations of each start, and of the best one's continuation when it has not converged by then. */
const START_ITERATIONS = 2000;
const LAST_ITERATIONS = 20000;

export interface BnslBoxFit {
  /** [a, b, c0, c1, d1, f1]. */
  params: number[];
  cost: number;
  converged: boolean;
  iterations: number;
  atBounds: boolean[];
  /** Of the parameters at a bound, those at their lower one (decided in the solver's coordinates, exactly). */
  atLower: boolean[];
  /** The solver's result in the logarithms' coordinates (its Jacobian gives a covariance that covarianceOf maps back). */
  result: LeastSquaresResult;
  /** The box (bnslBox), natural coordinates. */
  lower: number[];
  upper: number[];
}

/**
 * The box of bnslInBox for compute values C (1e18-FLOP units), natural coordinates: the error floor a in [0,1], b in
 * [1e−8, 1e6], the exponents c0 in [0,1] and c1 in [−1,1] and the sharpness f1 in [0.01,1] (a third beyond the
 * official grid's 0–0.75, c1 negative for a break that slows the decline: wider boxes let 2 of 102 suite fits reach
 * c1·f1 of 10–50 and miss by 20–43 points), the break d1 within BREAK_REACH× of the ladder's compute.
 */
export function bnslBox(C: number[]): { lower: number[]; upper: number[] } {
  const lo = Math.min(...C);
  const hi = Math.max(...C);
  return {
    lower: [0, 1e-8, 0, -1, lo / BREAK_REACH, 0.01],
    upper: [1, 1e6, 1, 1, hi * BREAK_REACH, 1],
  };
}

const toLog = (p: number[]) => p.map((v, j) => (LOGGED.includes(j) ? Math.log(v) : v));
const fromLog = (q: number[]) => q.map((v, j) => (LOGGED.includes(j) ? Math.exp(v) : v));

/** `problem` (in [a, b, c0, c1, d1, f1]) in the coordinates [a, ln b, c0, c1, ln d1, ln f1]. */
function logged(problem: LeastSquaresProblem): LeastSquaresProblem {
  const { m, n } = problem;
  const Jp = new Float64Array(m * n);
  return {
    m,
    n,
    residuals(q, out) {
      problem.residuals(fromLog(q), out);
    },
    jacobian(q, out) {
      const p = fromLog(q);
      problem.jacobian(p, Jp);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) out[i * n + j] = Jp[i * n + j] * (LOGGED.includes(j) ? p[j] : 1);
    },
  };
}

/**
 * The lowest-cost fit from `starts` (natural coordinates, clipped into the box) of BNSL's residual `problem` on the
 * points at C (1e18-FLOP units), within bnslBox(C), b, d1 and f1 by their logarithms.
 */
export function bnslInBox(problem: LeastSquaresProblem, C: number[], starts: number[][]): BnslBoxFit | null {
  const box = bnslBox(C);
  const lower = toLog(box.lower);
  const upper = toLog(box.upper);
  const inner = logged(problem);
  const options = { lower, upper, ftol: 1e-10, xtol: 1e-10 };
  let best: LeastSquaresResult | null = null;
  let iterations = 0;
  for (const s of starts) {
    const clipped = s.map((v, j) => Math.min(box.upper[j], Math.max(box.lower[j], v)));
    const res = leastSquares(inner, toLog(clipped), { ...options, maxIterations: START_ITERATIONS });
    iterations += res.iterations;
    if (Number.isFinite(res.cost) && (!best || res.cost < best.cost)) best = res;
  }
  if (!best) return null;
  if (!best.converged) {
    const more = leastSquares(inner, best.params, { ...options, maxIterations: LAST_ITERATIONS });
    iterations += more.iterations;
    if (more.cost <= best.cost) best = more;
  }
  return {
    params: fromLog(best.params),
    cost: best.cost,
    converged: best.converged,
    iterations,
    atBounds: best.atBounds,
    atLower: best.params.map((q, j) => q <= lower[j]),
    result: best,
    lower: box.lower,
    upper: box.upper,
  };
}

/** The covariance of the natural parameters from one in the logarithms' coordinates (delta method: ∂p/∂ln p = p). */
export function covarianceOf(fit: BnslBoxFit, logCovariance: number[][] | null): number[][] | null {
  if (!logCovariance) return null;
  const scale = fit.params.map((v, j) => (LOGGED.includes(j) ? v : 1));
  return logCovariance.map((row, a) => row.map((v, b) => v * scale[a] * scale[b]));
}

/**
 * Why a boxed fit ended where it did, for the fit's `reason`: the parameters the box holds, each with its bound (b and
 * d1, whose values depend on the unit of compute, by what their bound means).
 */
export function bnslBoxReason(fit: BnslBoxFit): string {
  const held = fit.atBounds
    .map((b, j) => {
      if (!b) return null;
      const low = fit.atLower[j];
      if (j === 4)
        return `d1 held ${BREAK_REACH}× ${low ? 'below the least' : 'beyond the largest'} ladder compute (the data hold no break)`;
      if (j === 1) return `b at its ${low ? 'lower' : 'upper'} bound`;
      return `${LAWS.bnsl.paramNames[j]} at ${(low ? fit.lower[j] : fit.upper[j]).toPrecision(3)}`;
    })
    .filter((s): s is string => s !== null);
  const where = held.length ? `, with ${held.join(', ')}` : '';
  return fit.converged
    ? `the unbounded fit did not converge; log-scaled b, d1, f1 within bounds converged after ${fit.iterations} iterations${where}`
    : `the solver stopped after ${fit.iterations} iterations without converging, even with b, d1, f1 log-scaled within bounds${where}`;
}
