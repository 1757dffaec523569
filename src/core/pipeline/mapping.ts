/**
 * The subset→full mapping f: predictable-subset score x ↦ full-set score y, through (0,0) and (1,1), clamped to
 * [0,1] (METHOD §6). All scores are fractions in [0,1].
 */
import { SingularValueDecomposition, Matrix } from 'ml-matrix';
import type { MappingKind, MappingModel } from '../study/types.ts';
import { basis, clampedKnots, evalSpline } from '../mapping/bspline.ts';
import { isotonic } from '../mapping/isotonic.ts';
import { evalPchip, pchipSlopes } from '../mapping/pchip.ts';
import { clamp01 } from '../util/clamp.ts';

export interface MappingPoint {
  x: number;
  y: number;
}

const DEFAULT_RMSE = 0.005;
/** Grid on which monotonicity is checked (finer than any knot spacing the loop can produce). */
const CHECK_GRID = 2001;
const LOGIT_EPS = 1e-4;

/** Spline form tags inside MappingModel.data.form. */
const FORM_BSPLINE = 0;
const FORM_PCHIP = 1;

interface Prepared {
  xs: number[];
  ys: number[];
  /** Points merged into each (xs, ys). */
  ws: number[];
  warnings: string[];
}

/** Keeps points strictly inside (0,1) in x and in [0,1] in y, sorted by x, duplicates of x merged (mean y). */
function prepare(points: MappingPoint[]): Prepared {
  const warnings: string[] = [];
  const kept = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.y >= 0 && p.y <= 1);
  if (kept.length < points.length)
    warnings.push(`${points.length - kept.length} point(s) dropped: not finite or y outside [0,1]`);
  const inner = kept.filter((p) => p.x > 0 && p.x < 1);
  if (inner.length < kept.length)
    warnings.push(`${kept.length - inner.length} point(s) at x = 0 or 1 dropped: the endpoints are fixed`);
  inner.sort((a, b) => a.x - b.x);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const p of inner) {
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === p.x) {
      ys[last] = (ys[last] * ws[last] + p.y) / (ws[last] + 1);
      ws[last]++;
    } else {
      xs.push(p.x);
      ys.push(p.y);
      ws.push(1);
    }
  }
  if (xs.length <= 2) warnings.push(`only ${xs.length} distinct point(s): the mapping is poorly determined`);
  return { xs, ys, ws, warnings };
}

function rmseOf(f: (x: number) => number, points: MappingPoint[]): number {
  const usable = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (!usable.length) return 0;
  return Math.sqrt(usable.reduce((s, p) => s + (clamp01(f(p.x)) - p.y) ** 2, 0) / usable.length);
}

function isMonotone(f: (x: number) => number): boolean {
  let prev = f(0);
  for (let i = 1; i < CHECK_GRID; i++) {
    const v = f(i / (CHECK_GRID - 1));
    if (v < prev - 1e-12) return false;
    prev = v;
  }
  return true;
}

function pchipData(xs: number[], ys: number[]): Record<string, number[]> {
  const nx = [0, ...xs, 1];
  const ny = [0, ...ys, 1];
  return { xs: nx, ys: ny, ds: pchipSlopes(nx, ny) };
}

/** Isotonic regression, then monotone PCHIP through (0,0), the isotonic points and (1,1). */
function fitMonotone(p: Prepared): Record<string, number[]> {
  return pchipData(p.xs, isotonic(p.ys, p.ws));
}

/** Quantile (linear interpolation) of sorted values at q ∈ [0,1]. */
function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Least-squares clamped cubic B-spline with K interior knots at quantiles of x and the exact constraints f(0) = 0,
 * f(1) = 1. For a clamped spline those constraints fix the first and last coefficients, so eliminating them solves
 * the KKT system exactly; the rest is a (weighted) least-squares problem solved by SVD.
 */
function fitBspline(p: Prepared, K: number): { knots: number[]; coef: number[] } | null {
  const interior: number[] = [];
  for (let j = 1; j <= K; j++) {
    const q = quantile(p.xs, j / (K + 1));
    if (q > 0 && q < 1 && (!interior.length || q > interior[interior.length - 1])) interior.push(q);
  }
  if (interior.length < K) return null;
  const knots = clampedKnots(interior);
  const nc = K + 4;
  const nf = nc - 2;
  const A = new Matrix(p.xs.length, nf);
  const rhs = new Matrix(p.xs.length, 1);
  const b = new Float64Array(4);
  p.xs.forEach((x, i) => {
    const first = basis(knots, x, b);
    const sw = Math.sqrt(p.ws[i]);
    let r = p.ys[i];
    for (let k = 0; k < 4; k++) {
      const col = first + k;
      if (col === nc - 1) r -= b[k];
      else if (col > 0) A.set(i, col - 1, sw * b[k]);
    }
    rhs.set(i, 0, sw * r);
  });
  const svd = new SingularValueDecomposition(A, { autoTranspose: true });
  if (svd.rank < nf) return null;
  const sol = svd.solve(rhs);
  const coef = [0, ...Array.from({ length: nf }, (_, i) => sol.get(i, 0)), 1];
  return { knots, coef };
}

function fitSpline(
  p: Prepared,
  points: MappingPoint[],
  T: number,
  warnings: string[],
): Record<string, number | number[]> {
  const tried: { K: number; knots: number[]; coef: number[]; rmse: number; monotone: boolean }[] = [];
  for (let K = 0; K + 2 <= p.xs.length; K++) {
    const s = fitBspline(p, K);
    if (!s) break;
    const f = (x: number) => evalSpline(s.knots, s.coef, x);
    tried.push({ K, ...s, rmse: rmseOf(f, points), monotone: isMonotone(f) });
    if (tried[tried.length - 1].rmse < T) break;
  }
  const last = tried[tried.length - 1];
  if (!last) {
    warnings.push('too few points for a cubic spline: monotone PCHIP used instead');
    return { form: FORM_PCHIP, ...fitMonotone(p) };
  }
  if (last.rmse >= T)
    warnings.push(`spline RMSE ${last.rmse.toFixed(4)} ≥ ${T} with the most knots the points allow`);
  if (last.monotone) return { form: FORM_BSPLINE, knots: last.knots, coef: last.coef };
  const back = [...tried].reverse().find((t) => t.monotone);
  if (back) {
    warnings.push(
      `spline with ${last.K} interior knot(s) is not monotone: fell back to ${back.K} (RMSE ${back.rmse.toFixed(4)})`,
    );
    return { form: FORM_BSPLINE, knots: back.knots, coef: back.coef };
  }
  warnings.push('no monotone spline fits these points: monotone PCHIP used instead');
  return { form: FORM_PCHIP, ...fitMonotone(p) };
}

const logit = (v: number) => {
  const c = Math.min(1 - LOGIT_EPS, Math.max(LOGIT_EPS, v));
  return Math.log(c / (1 - c));
};

/** logit(y) = α + β·logit(x) by weighted least squares, β ≥ MIN_BETA. */
function fitLogit(p: Prepared, warnings: string[]): Record<string, number> {
  const MIN_BETA = 0.05;
  const lx = p.xs.map(logit);
  const ly = p.ys.map(logit);
  const W = p.ws.reduce((a, b) => a + b, 0);
  if (W === 0) return { alpha: 0, beta: 1 };
  const mx = lx.reduce((s, v, i) => s + p.ws[i] * v, 0) / W;
  const my = ly.reduce((s, v, i) => s + p.ws[i] * v, 0) / W;
  let sxx = 0;
  let sxy = 0;
  lx.forEach((v, i) => {
    sxx += p.ws[i] * (v - mx) ** 2;
    sxy += p.ws[i] * (v - mx) * (ly[i] - my);
  });
  let beta = sxx > 1e-12 ? sxy / sxx : 1;
  if (sxx <= 1e-12) warnings.push('logit mapping: x does not vary, slope fixed at 1');
  if (beta < MIN_BETA) {
    warnings.push(`logit mapping: fitted slope ${beta.toFixed(3)} is not increasing, held at ${MIN_BETA}`);
    beta = MIN_BETA;
  }
  return { alpha: my - beta * mx, beta };
}

function quartic(beta: number[], x: number): number {
  return x + x * (1 - x) * (beta[0] + beta[1] * x + beta[2] * x * x);
}

/** f(x) = x + x(1−x)(β0+β1x+β2x²) by ridge least squares; the ridge grows until f is monotone (β → 0 is x). */
function fitQuartic(p: Prepared, warnings: string[]): Record<string, number[]> {
  const Phi = new Matrix(p.xs.length, 3);
  const r = new Matrix(p.xs.length, 1);
  p.xs.forEach((x, i) => {
    const sw = Math.sqrt(p.ws[i]);
    const base = x * (1 - x) * sw;
    Phi.set(i, 0, base);
    Phi.set(i, 1, base * x);
    Phi.set(i, 2, base * x * x);
    r.set(i, 0, sw * (p.ys[i] - x));
  });
  const G = Phi.transpose().mmul(Phi);
  const h = Phi.transpose().mmul(r);
  const solve = (lambda: number) => {
    const A = G.clone();
    for (let k = 0; k < 3; k++) A.set(k, k, A.get(k, k) + lambda);
    const s = new SingularValueDecomposition(A).solve(h);
    return [s.get(0, 0), s.get(1, 0), s.get(2, 0)];
  };
  const scale = Math.max(1e-12, G.trace() / 3);
  let lambda = 1e-14 * scale;
  let beta = solve(lambda);
  let steps = 0;
  while (!isMonotone((x) => quartic(beta, x)) && steps < 80) {
    lambda = Math.max(lambda * 2, 1e-6 * scale);
    beta = solve(lambda);
    steps++;
  }
  if (steps >= 80) beta = [0, 0, 0];
  if (steps > 0)
    warnings.push(`quartic mapping regularised (ridge ${lambda.toExponential(1)}) to stay monotone`);
  return { beta };
}

/**
 * Fits a mapping of the given kind to (subset, full) points. `rmse` is the spline's knot-loop threshold T.
 * 'decomposed' is not a mapping: it yields the identity (with a warning). Never throws on degenerate input:
 * with ≤ 2 usable points every kind still returns a monotone mapping and a warning.
 */
export function fitMapping(
  kind: MappingKind,
  points: MappingPoint[],
  options: { rmse?: number } = {},
): MappingModel {
  const T = options.rmse ?? DEFAULT_RMSE;
  const p = prepare(points);
  const warnings = p.warnings;
  let model: MappingModel;
  const make = (k: MappingKind, data: MappingModel['data']): MappingModel => ({
    kind: k,
    data,
    rmse: 0,
    monotone: true,
    warnings,
  });
  switch (kind) {
    case 'spline':
      model = make('spline', fitSpline(p, points, T, warnings));
      break;
    case 'monotone':
      model = make('monotone', fitMonotone(p));
      break;
    case 'logit':
      model = make('logit', fitLogit(p, warnings));
      break;
    case 'quartic':
      model = make('quartic', fitQuartic(p, warnings));
      break;
    case 'decomposed':
      warnings.push('"decomposed" is not a subset→full mapping: identity used');
      model = make('identity', {});
      break;
    case 'identity':
      model = make('identity', {});
      break;
    default:
      throw new Error(`unknown mapping kind "${kind as string}"`);
  }
  const raw = (x: number) => evalRaw(model, x);
  model.rmse = rmseOf(
    raw,
    points.filter((q) => q.x >= 0 && q.x <= 1),
  );
  model.monotone = isMonotone(raw);
  return model;
}

function evalRaw(m: MappingModel, x: number): number {
  const d = m.data;
  switch (m.kind) {
    case 'spline':
      return d.form === FORM_PCHIP
        ? evalPchip({ xs: d.xs as number[], ys: d.ys as number[], ds: d.ds as number[] }, x)
        : evalSpline(d.knots as number[], d.coef as number[], x);
    case 'monotone':
      return evalPchip({ xs: d.xs as number[], ys: d.ys as number[], ds: d.ds as number[] }, x);
    case 'logit': {
      if (x <= 0) return 0;
      if (x >= 1) return 1;
      const z = (d.alpha as number) + (d.beta as number) * Math.log(x / (1 - x));
      return 1 / (1 + Math.exp(-z));
    }
    case 'quartic':
      return quartic(d.beta as number[], x);
    default:
      return x;
  }
}

/** The mapped full-set score for a subset score x (x clamped to [0,1]); result in [0,1]. */
export function evalMapping(m: MappingModel, x: number): number {
  if (!Number.isFinite(x)) return NaN;
  return clamp01(evalRaw(m, clamp01(x)));
}

/**
 * Whether an anchor model's (subset, full) point agrees with a mapping fitted without it: |f(x) − y| ≤ tolerance,
 * default max(0.02, 3·rmse of the mapping).
 */
export function anchorCompatibility(
  m: MappingModel,
  anchor: MappingPoint,
  tolerance?: number,
): { compatible: boolean; reason: string } {
  const tol = tolerance ?? Math.max(0.02, 3 * m.rmse);
  if (!(anchor.x >= 0 && anchor.x <= 1 && anchor.y >= 0 && anchor.y <= 1))
    return {
      compatible: false,
      reason: `anchor (${anchor.x}, ${anchor.y}) is not a pair of scores in [0,1]`,
    };
  const f = evalMapping(m, anchor.x);
  const gap = Math.abs(f - anchor.y);
  const where = `mapping gives ${f.toFixed(4)} at x = ${anchor.x.toFixed(4)}, anchor has ${anchor.y.toFixed(4)}`;
  return gap <= tol
    ? { compatible: true, reason: `${where}: within ${tol.toFixed(4)}` }
    : { compatible: false, reason: `${where}: off by ${gap.toFixed(4)} > ${tol.toFixed(4)}` };
}
