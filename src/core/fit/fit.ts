import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { LawFitSummary, LawName } from '../study/types.ts';
import { bnslBruteGrid } from './bnsl.ts';
import { bnslBoxReason, bnslInBox, covarianceOf, type BnslBoxFit } from './bnsl-box.ts';
import { LAWS, type Law } from './laws.ts';
import { lawProblem } from './problem.ts';
import { leastSquares, type LeastSquaresResult } from './solver.ts';
import { clamp01 } from '../util/clamp.ts';

export interface FitOptions {
  lower?: number[];
  upper?: number[];
  /** Per-point weights (residuals are multiplied by √w); the reported SSE is the weighted one. */
  weights?: number[];
}

/** Starts polished by LM after ranking all grid starts by their initial SSE. */
const POLISHED_STARTS = 12;
const BNSL_POLISHED_STARTS = 12;
const AGREEING_STARTS = 3;
const SAME_COST_RTOL = 1e-9;

/**
 * s²(JᵀJ)⁻¹ over the parameters not on a bound (rows/columns of bound parameters are 0: they are held by the
 * constraint), via the SVD of the column-scaled Jacobian; null when that is numerically singular.
 */
function covariance(res: LeastSquaresResult, m: number, n: number): number[][] | null {
  const free = res.atBounds.map((b, j) => (b ? -1 : j)).filter((j) => j >= 0);
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  if (free.length === 0) return out;
  const scale = free.map((j) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += res.jacobian[i * n + j] ** 2;
    return Math.sqrt(s);
  });
  if (scale.some((s) => !(s > 0) || !Number.isFinite(s))) return null;
  const Js = new Matrix(m, free.length);
  for (let i = 0; i < m; i++) free.forEach((j, a) => Js.set(i, a, res.jacobian[i * n + j] / scale[a]));
  const svd = new SingularValueDecomposition(Js, { autoTranspose: true });
  const sv = svd.diagonal;
  const smax = Math.max(...sv);
  if (sv.length < free.length || !(Math.min(...sv) > smax * 1e-10)) return null;
  const V = svd.rightSingularVectors;
  const s2 = res.cost / Math.max(1, m - n);
  for (let a = 0; a < free.length; a++) {
    for (let c = 0; c < free.length; c++) {
      let v = 0;
      for (let k = 0; k < sv.length; k++) v += (V.get(a, k) * V.get(c, k)) / (sv[k] * sv[k]);
      out[free[a]][free[c]] = (s2 * v) / (scale[a] * scale[c]);
    }
  }
  return out;
}

function failed(law: Law, reason: string): LawFitSummary {
  const n = law.paramNames.length;
  return {
    law: law.name,
    paramNames: law.paramNames.slice(),
    params: new Array<number>(n).fill(NaN),
    sse: NaN,
    rmse: NaN,
    converged: false,
    atBounds: new Array<boolean>(n).fill(false),
    covariance: null,
    reason,
  };
}

/**
 * Fits a law to (C, y) by deterministic multi-start bounded least squares. C in 1e18-FLOP units, y accuracies in
 * [0,1]. Cod/f1/f2/f3 minimise the SSE in accuracy space within the bounds (default: the law's); bnsl fits the
 * error 1−y in log1p space by the official recipe (brute grid, then unbounded LM), and its sse/rmse are in that
 * space. Never throws: unusable input returns converged = false with a `reason`.
 */
export function fitLaw(lawName: LawName, C: number[], y: number[], options: FitOptions = {}): LawFitSummary {
  if (lawName !== 'bnsl') return fitOnce(lawName, C, y, options);
  // A BNSL fit costs tens of milliseconds and the default refits the same points (the page's baselines, then the
  // default's own): kept by its exact inputs (BNSL reads no bounds), each caller gets its own copy.
  const key = `${C.join()}|${y.join()}|${options.weights?.join() ?? ''}`;
  let fit = bnslFits.get(key);
  if (!fit) {
    fit = fitOnce(lawName, C, y, options);
    if (bnslFits.size >= BNSL_FITS_KEPT) bnslFits.delete(bnslFits.keys().next().value as string);
    bnslFits.set(key, fit);
  }
  return structuredClone(fit);
}

const BNSL_FITS_KEPT = 256;
const bnslFits = new Map<string, LawFitSummary>();

function fitOnce(lawName: LawName, C: number[], y: number[], options: FitOptions): LawFitSummary {
  const law = LAWS[lawName];
  if (!law) throw new Error(`unknown law "${lawName}"`);
  const n = law.paramNames.length;
  const m = C.length;
  if (y.length !== m) return failed(law, `${m} compute values but ${y.length} scores`);
  if (m < n) return failed(law, `${m} points cannot determine the ${n} parameters of law "${lawName}"`);
  const bad = C.findIndex((c, i) => !(c > 0) || !Number.isFinite(c) || !Number.isFinite(y[i]));
  if (bad >= 0) return failed(law, `point ${bad} is not usable (C = ${C[bad]}, y = ${y[bad]})`);
  const w = options.weights ?? new Array<number>(m).fill(1);
  if (w.length !== m || w.some((v) => !(v >= 0)))
    return failed(law, 'weights must be one non-negative number per point');
  const sw = w.map(Math.sqrt);
  const lower = options.lower ?? law.defaultBounds.lower;
  const upper = options.upper ?? law.defaultBounds.upper;
  const problem = lawProblem(law, C, y, sw);

  let starts: number[][];
  if (lawName === 'bnsl') {
    if (y.some((v) => v >= 2)) return failed(law, 'bnsl needs accuracies below 2 (error above −1)');
    starts = bnslBruteGrid(
      C,
      y.map((v) => 1 - v),
      BNSL_POLISHED_STARTS,
    ).starts;
  } else {
    const all = law.starts(C, y, { lower, upper });
    const r = new Float64Array(m);
    const scored = all.map((p) => {
      problem.residuals(p, r);
      let s = 0;
      for (let i = 0; i < m; i++) s += r[i] * r[i];
      return { p, s: Number.isFinite(s) ? s : Infinity };
    });
    scored.sort((a, b) => a.s - b.s);
    starts = scored.slice(0, POLISHED_STARTS).map((x) => x.p);
  }

  let best: LeastSquaresResult | null = null;
  const bounded = lawName === 'bnsl' ? {} : { lower, upper };
  let agreeing = 0;
  for (const s of starts) {
    const res = leastSquares(problem, s, { ...bounded, maxIterations: 300 });
    if (!Number.isFinite(res.cost)) continue;
    const same = best !== null && Math.abs(res.cost - best.cost) <= SAME_COST_RTOL * best.cost + 1e-24;
    if (!best || res.cost < best.cost) {
      agreeing = same ? agreeing + 1 : 1;
      best = res;
    } else if (same) agreeing++;
    // Several of the best-ranked starts landing on one optimum is the multi-start's evidence it is the global one.
    if (agreeing >= AGREEING_STARTS) break;
  }
  if (best && !best.converged) {
    const again = leastSquares(problem, best.params, { ...bounded, maxIterations: 5000 });
    if (again.cost <= best.cost) best = again;
  }
  let boxed: BnslBoxFit | null = null;
  if (best && !best.converged && lawName === 'bnsl') {
    // The unbounded refinement drifts along a flat valley (a break beyond the data, a vanishing sharpness): refit
    // within a box of meaningful values from the grid's starts and the refinement's end.
    const inBox = bnslInBox(problem, C, [best.params, ...starts]);
    if (inBox && (inBox.converged || inBox.cost <= best.cost)) boxed = inBox;
  }
  if (!best) return failed(law, 'no start gave a finite residual');
  if (boxed)
    return summaryOf(
      law,
      m,
      boxed,
      covarianceOf(boxed, covariance(boxed.result, m, n)),
      bnslBoxReason(boxed),
    );
  const reason = best.converged
    ? undefined
    : `the solver stopped after ${best.iterations} iterations without converging`;
  // the official recipe's unbounded fit holds no parameter at a bound
  const atBounds = lawName === 'bnsl' ? new Array<boolean>(n).fill(false) : best.atBounds;
  return summaryOf(law, m, { ...best, atBounds }, covariance(best, m, n), reason);
}

function summaryOf(
  law: Law,
  m: number,
  fit: { params: number[]; cost: number; converged: boolean; atBounds: boolean[] },
  cov: number[][] | null,
  reason: string | undefined,
): LawFitSummary {
  return {
    law: law.name,
    paramNames: law.paramNames.slice(),
    params: fit.params,
    sse: fit.cost,
    rmse: Math.sqrt(fit.cost / m),
    converged: fit.converged,
    atBounds: fit.atBounds,
    covariance: cov,
    ...(reason ? { reason } : {}),
  };
}

/**
 * The fit's parameter covariance judged against other observations `y` of the curve it was fitted to (one per C, in
 * 1e18-FLOP units): s² from y's residuals about the fitted law instead of the fit's own, as when a law fitted to
 * smoothed pass rates must carry the noise of the raw ones. The parameters, SSE and RMSE (the fit's quality on its own
 * curve) are unchanged; so is the covariance when y lies no farther from the law or when none is estimable.
 */
export function withNoiseOf(fit: LawFitSummary, C: number[], y: number[]): LawFitSummary {
  if (!fit.covariance || !(fit.sse > 0)) return fit;
  let sse = 0;
  for (let i = 0; i < C.length; i++) sse += (y[i] - lawValue(fit, C[i])) ** 2;
  const ratio = sse / fit.sse;
  if (!(ratio > 1) || !Number.isFinite(ratio)) return fit;
  return { ...fit, covariance: fit.covariance.map((row) => row.map((v) => v * ratio)) };
}

/** The fitted accuracy at C (1e18-FLOP units); for bnsl 1 − err. Not clamped. */
export function lawValue(fit: LawFitSummary, C: number): number {
  const v = LAWS[fit.law].value(fit.params, C);
  return fit.law === 'bnsl' ? 1 - v : v;
}

/**
 * Delta-method interval of the fitted accuracy at C (1e18-FLOP units): value ± z·√(gᵀΣg), with Σ the fit's
 * covariance. Without a covariance the band is a conservative ±max(0.05, 10·rmse) (bnsl: rmse is in log space,
 * used as is) and `note` says so. low/high are clamped to [0,1].
 */
export function lawInterval(
  fit: LawFitSummary,
  C: number,
  z = 1.96,
): { value: number; low: number; high: number; note?: string } {
  const value = lawValue(fit, C);
  if (!Number.isFinite(value)) return { value, low: NaN, high: NaN, note: 'no usable fit' };
  const cov = fit.covariance;
  if (!cov) {
    const half = Math.max(0.05, 10 * (Number.isFinite(fit.rmse) ? fit.rmse : 0));
    return {
      value,
      low: clamp01(value - half),
      high: clamp01(value + half),
      note: `parameter covariance not estimable: conservative ±${half.toPrecision(2)} band`,
    };
  }
  const n = fit.params.length;
  const g = new Float64Array(n);
  LAWS[fit.law].gradient(fit.params, C, g);
  let v = 0;
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) v += g[a] * cov[a][b] * g[b];
  const half = z * Math.sqrt(Math.max(0, v));
  return { value, low: clamp01(value - half), high: clamp01(value + half) };
}
