/**
 * Bounded nonlinear least squares: Levenberg–Marquardt with Nielsen's damping update, box bounds by projection with
 * an active set (a variable on a bound whose gradient pushes it outward is frozen for the step), and MINPACK-style
 * column scaling D = running max of the Jacobian column norms (SciPy's x_scale='jac').
 *
 * The problems here are tiny (m ≤ ~20 points, n ≤ 6 parameters) and solved thousands of times per benchmark, so the
 * damped normal equations are solved with a hand-written Cholesky on preallocated buffers; ml-matrix is used where
 * stability matters more than speed (the covariance, see fit.ts).
 */

export interface LeastSquaresProblem {
  /** Writes the m residuals at parameters p into out. */
  residuals(p: number[], out: Float64Array): void;
  /** Writes the m×n Jacobian of the residuals (row-major) into out. */
  jacobian(p: number[], out: Float64Array): void;
  m: number;
  n: number;
}

export interface LeastSquaresOptions {
  lower?: number[];
  upper?: number[];
  /** Relative decrease of the cost below which the fit stops. */
  ftol?: number;
  /** Relative (scaled) step size below which the fit stops. */
  xtol?: number;
  /** Largest cosine between the residual vector and a free Jacobian column at which the fit stops. */
  gtol?: number;
  maxIterations?: number;
}

export interface LeastSquaresResult {
  params: number[];
  /** Sum of squared residuals. */
  cost: number;
  converged: boolean;
  iterations: number;
  atBounds: boolean[];
  /** m×n row-major Jacobian at `params`. */
  jacobian: Float64Array;
}

const STALL_WINDOW = 10;
const STALL_RTOL = 1e-10;

function sumSq(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * r[i];
  return s;
}

/** In-place Cholesky of the k×k leading block of a (row stride n); false when not positive definite. */
function cholesky(a: Float64Array, k: number, n: number): boolean {
  for (let j = 0; j < k; j++) {
    let d = a[j * n + j];
    for (let p = 0; p < j; p++) d -= a[j * n + p] * a[j * n + p];
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * n + j];
      for (let p = 0; p < j; p++) s -= a[i * n + p] * a[j * n + p];
      a[i * n + j] = s / l;
    }
  }
  return true;
}

function choleskySolve(l: Float64Array, k: number, n: number, b: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[i * n + p] * b[p];
    b[i] = s / l[i * n + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let p = i + 1; p < k; p++) s -= l[p * n + i] * b[p];
    b[i] = s / l[i * n + i];
  }
}

/**
 * Minimises Σ rᵢ(p)² within lower ≤ p ≤ upper from `start` (clipped into the box). Never throws on bad numerics:
 * a start with non-finite residuals returns converged = false and cost = Infinity.
 */
export function leastSquares(
  problem: LeastSquaresProblem,
  start: number[],
  options: LeastSquaresOptions = {},
): LeastSquaresResult {
  const { m, n } = problem;
  const lower = options.lower ?? new Array<number>(n).fill(-Infinity);
  const upper = options.upper ?? new Array<number>(n).fill(Infinity);
  const ftol = options.ftol ?? 1e-15;
  const xtol = options.xtol ?? 1e-15;
  const gtol = options.gtol ?? 1e-15;
  const maxIterations = options.maxIterations ?? 500;

  const x = start.map((v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  const xt = x.slice();
  const r = new Float64Array(m);
  const rt = new Float64Array(m);
  const J = new Float64Array(m * n);
  const D = new Float64Array(n);
  const g = new Float64Array(n);
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  const free = new Int32Array(n);
  const colNorm = new Float64Array(n);

  const finish = (cost: number, converged: boolean, iterations: number): LeastSquaresResult => ({
    params: x.slice(),
    cost,
    converged,
    iterations,
    atBounds: x.map((v, i) => v <= lower[i] || v >= upper[i]),
    jacobian: J,
  });

  problem.residuals(x, r);
  let cost = sumSq(r);
  if (!Number.isFinite(cost)) return finish(Infinity, false, 0);
  problem.jacobian(x, J);

  let lambda = -1;
  let nu = 2;
  let iter = 0;
  // Cost STALL_WINDOW accepted steps ago: crawling along an (almost) flat valley stops once the window's relative
  // decrease is below STALL_RTOL, far below anything that matters to a fit yet cheap against 1e-15 ftol.
  const history = new Float64Array(STALL_WINDOW);
  let accepts = 0;
  while (iter < maxIterations) {
    iter++;
    if (cost === 0) return finish(cost, true, iter);
    for (let j = 0; j < n; j++) {
      let s = 0;
      let gj = 0;
      for (let i = 0; i < m; i++) {
        const v = J[i * n + j];
        s += v * v;
        gj += v * r[i];
      }
      colNorm[j] = Math.sqrt(s);
      g[j] = gj;
      D[j] = Math.max(D[j], colNorm[j]);
      if (!(D[j] > 0)) D[j] = 1;
    }
    let k = 0;
    let gmax = 0;
    const rnorm = Math.sqrt(cost);
    for (let j = 0; j < n; j++) {
      const pinnedLow = x[j] <= lower[j] && g[j] > 0;
      const pinnedHigh = x[j] >= upper[j] && g[j] < 0;
      if (pinnedLow || pinnedHigh) continue;
      free[k++] = j;
      if (colNorm[j] > 0) gmax = Math.max(gmax, Math.abs(g[j]) / (colNorm[j] * rnorm));
    }
    if (k === 0 || gmax <= gtol) return finish(cost, true, iter);
    if (lambda < 0) lambda = 1e-3;

    let xnorm = 0;
    for (let j = 0; j < n; j++) xnorm += (D[j] * x[j]) ** 2;
    xnorm = Math.sqrt(xnorm);

    let accepted = false;
    for (let attempt = 0; attempt < 60 && !accepted; attempt++) {
      // Scaled damped normal equations on the free set: (ĴᵀĴ + λI) ŝ = −Ĵᵀr with Ĵ = J D⁻¹, s = D⁻¹ ŝ.
      for (let a = 0; a < k; a++) {
        const ja = free[a];
        for (let c = 0; c <= a; c++) {
          const jc = free[c];
          let s = 0;
          for (let i = 0; i < m; i++) s += J[i * n + ja] * J[i * n + jc];
          s /= D[ja] * D[jc];
          A[a * n + c] = s;
          A[c * n + a] = s;
        }
        A[a * n + a] += lambda;
        b[a] = -g[ja] / D[ja];
      }
      if (!cholesky(A, k, n)) {
        lambda *= nu;
        nu *= 2;
        continue;
      }
      choleskySolve(A, k, n, b);
      for (let j = 0; j < n; j++) xt[j] = x[j];
      for (let a = 0; a < k; a++) {
        const j = free[a];
        xt[j] = Math.min(upper[j], Math.max(lower[j], x[j] + b[a] / D[j]));
      }
      // Predicted reduction of the (projected) step from the linear model: cost − ‖r + J s‖².
      let stepNorm = 0;
      let model = 0;
      for (let i = 0; i < m; i++) {
        let v = r[i];
        for (let j = 0; j < n; j++) v += J[i * n + j] * (xt[j] - x[j]);
        model += v * v;
      }
      for (let j = 0; j < n; j++) stepNorm += (D[j] * (xt[j] - x[j])) ** 2;
      stepNorm = Math.sqrt(stepNorm);
      if (stepNorm <= xtol * (xtol + xnorm)) return finish(cost, true, iter);
      problem.residuals(xt, rt);
      const costT = sumSq(rt);
      const predicted = cost - model;
      if (Number.isFinite(costT) && costT < cost) {
        const rho = predicted > 0 ? (cost - costT) / predicted : 1;
        const relDecrease = (cost - costT) / cost;
        for (let j = 0; j < n; j++) x[j] = xt[j];
        r.set(rt);
        cost = costT;
        lambda = Math.max(1e-16, lambda * Math.max(1 / 3, 1 - (2 * rho - 1) ** 3));
        nu = 2;
        accepted = true;
        problem.jacobian(x, J);
        const old = history[accepts % STALL_WINDOW];
        history[accepts % STALL_WINDOW] = cost;
        accepts++;
        if (accepts > STALL_WINDOW && old - cost <= STALL_RTOL * cost) return finish(cost, true, iter);
        if (relDecrease <= ftol && stepNorm <= Math.sqrt(xtol) * (1 + xnorm)) return finish(cost, true, iter);
        if (stepNorm <= xtol * (xtol + xnorm)) return finish(cost, true, iter);
      } else {
        lambda *= nu;
        nu *= 2;
        if (!Number.isFinite(lambda) || lambda > 1e30) return finish(cost, true, iter);
      }
    }
    if (!accepted) return finish(cost, true, iter);
  }
  return finish(cost, false, iter);
}
