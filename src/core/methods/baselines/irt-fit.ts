/**
 * A two-parameter item-response model of per-question pass rates against compute, fitted by empirical Bayes:
 * P(q correct | model m) = g + (1 − g)·σ(c_q + a_q·x_m), x_m = log10 C_m − x̄ (ability linear in log-compute, in
 * decades from the ladder's mean; a shared linear ability curve is absorbed into each question's intercept and
 * slope, so only these are identifiable). Per-question (c_q, a_q) have a bivariate Gaussian prior whose mean and
 * covariance are fitted by EM (irt-em.ts): each distinct response row's posterior is located by Fisher scoring and
 * integrated by adaptive Gauss–Hermite quadrature, then the population moments are updated. g is the benchmark's
 * guess floor, fixed or chosen on GUESS_GRID by the marginal likelihood.
 */
import {
  COLD_STEPS,
  eStep,
  emRun,
  startingPosterior,
  type Patterns,
  type Posterior,
  type Run,
} from './irt-em.ts';

/** Per-question results of the ladder: pass rates in [0,1], row-major questions × models. */
export interface IrtData {
  /** Training compute of each model (column), FLOPs. */
  flops: readonly number[];
  /** Pass rates, row-major questions × models; NaN where a model has no result. */
  scores: ArrayLike<number>;
  /** Samples behind each pass rate (0 or absent: one). */
  trials?: ArrayLike<number>;
}

export interface IrtOptions {
  /** Guess floor in [0,1): a number, or 'auto' (default) to choose it on GUESS_GRID by the marginal likelihood. */
  guess?: number | 'auto';
  /** EM iterations at most (default 200). */
  maxIterations?: number;
  /**
   * Curvature κ of the shared ability curve θ(x) = x + κ·x² (per decade², x centred log10 FLOPs): a number; 'fit' to
   * choose the most likely on CURVATURE_GRID (keeping θ increasing up to `at`); or 'average' to take that one's
   * per-question posteriors but `at` averaged over the grid's curvatures, each weighted by its marginal likelihood
   * (a flat prior over the grid points), so the prediction moves smoothly as the evidence for a bend does. Default 0.
   */
  curvature?: number | 'fit' | 'average';
  /** A compute (FLOPs) at which to integrate every question's pass rate over its posterior (`IrtFit.at`). */
  at?: number;
}

export interface IrtFit {
  guess: number;
  /** Mean log10 FLOPs of the ladder, the origin of x. */
  x0: number;
  /** Curvature κ of the ability curve θ = x + κ·x², per decade² (with 'average', the most likely one). */
  curvature: number;
  /** With curvature 'average': the curvatures `at` was averaged over and their weights (summing to 1). */
  curvatureWeights?: { curvature: number; weight: number }[];
  /** Questions with at least one result (the rest are left out of every mean). */
  used: number;
  /** Posterior means of intercept and slope (logits, logits per decade) per question; NaN without results. */
  c: Float64Array;
  a: Float64Array;
  /** Posterior covariance per question: var(c), cov(c,a), var(a) at index 3q, 3q+1, 3q+2. */
  cov: Float64Array;
  /** Population mean [c, a] and covariance [var c, cov, var a] of the prior. */
  mu: [number, number];
  sigma: [number, number, number];
  iterations: number;
  converged: boolean;
  /** Log marginal likelihood of the results under the fitted prior (nats). */
  logLikelihood: number;
  /**
   * With `options.at`: the mean over questions of their posterior-mean pass rates there (quadrature), and the mean of
   * their posterior standard deviations (the questions' errors taken as fully correlated: they share the ability
   * curve), in [0,1].
   */
  at?: { flops: number; value: number; sd: number };
}

export const GUESS_GRID: readonly number[] = [0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5];
export const CURVATURE_GRID: readonly number[] = [-0.3, -0.2, -0.1, -0.05, 0, 0.05, 0.1, 0.2, 0.3];

const warp = (x: ArrayLike<number>, k: number) => Float64Array.from(x, (v) => v + k * v * v);
/** Questions the prior and the guess floor are fitted on (an even stride through the benchmark). */
const SAMPLE_QUESTIONS = 2000;
/** EM iterations of each floor screened (warm-started from the floor before); the chosen one is run to the end. */
const SCREEN_ITERATIONS = 12;

/** Bends whose marginal likelihood is this far (nats) below the best take no weight (e^−8 ≈ 3·10⁻⁴). */
const NEGLIGIBLE_NATS = 8;

/** One curvature of the ability curve and the prior fitted under it. */
interface Bend {
  curvature: number;
  run: Run;
}

/**
 * The prior fitted at every curvature of CURVATURE_GRID that keeps θ increasing over centred log10 FLOPs [lo, hi],
 * outwards from 0 (each run warm-started from its neighbour), a direction stopping once its marginal likelihood falls
 * NEGLIGIBLE_NATS below the best so far; those within NEGLIGIBLE_NATS of the best.
 */
function scanCurvature(
  sample: Patterns,
  straight: Run & { g: number },
  maxIterations: number,
  lo: number,
  hi: number,
): Bend[] {
  const bends: Bend[] = [{ curvature: 0, run: straight }];
  let best = straight.logLikelihood;
  const at0 = CURVATURE_GRID.indexOf(0);
  for (const dir of [1, -1]) {
    let prev: Run = straight;
    for (let i = at0 + dir; i >= 0 && i < CURVATURE_GRID.length; i += dir) {
      const k = CURVATURE_GRID[i];
      if (!(1 + 2 * k * lo > 0 && 1 + 2 * k * hi > 0)) break;
      prev = emRun({ ...sample, x: warp(sample.x, k) }, straight.g, maxIterations, prev);
      bends.push({ curvature: k, run: prev });
      best = Math.max(best, prev.logLikelihood);
      if (prev.logLikelihood < best - NEGLIGIBLE_NATS) break;
    }
  }
  return bends
    .filter((b) => b.run.logLikelihood >= best - NEGLIGIBLE_NATS)
    .sort((a, b) => a.curvature - b.curvature);
}

/** The last E step under `run`'s prior, with P at centred x `atX` when given; the log marginal likelihood. */
function finalStep(p: Patterns, run: Run, post: Posterior, g: number, atX?: number): number {
  if (atX !== undefined) {
    const np = p.count.length;
    post.at = { x: atX, mean: new Float64Array(np), sd: new Float64Array(np) };
  }
  return eStep(p, g, run.mu, run.sigma, post);
}

/** The distinct response rows of `rows` (pass rates and samples per model) and how many questions share each. */
function patterns(data: IrtData, x: Float64Array, rows: ArrayLike<number>): Patterns {
  const m = x.length;
  const keys = new Map<string, number>();
  const y: number[] = [];
  const n: number[] = [];
  const count: number[] = [];
  const q = data.scores.length / m;
  const of = new Int32Array(q).fill(-1);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const ys: number[] = [];
    const ns: number[] = [];
    let any = false;
    for (let j = 0; j < m; j++) {
      const v = data.scores[row * m + j];
      if (!Number.isNaN(v) && (v < 0 || v > 1))
        throw new Error(`IRT fit: score ${v} of question ${row}, model ${j} is outside [0,1]`);
      any ||= !Number.isNaN(v);
      ys.push(v);
      ns.push(Number.isNaN(v) ? 0 : Math.max(1, data.trials?.[row * m + j] ?? 1));
    }
    if (!any) continue;
    const key = `${ys.join(',')}|${ns.join(',')}`;
    let k = keys.get(key);
    if (k === undefined) {
      k = count.length;
      keys.set(key, k);
      y.push(...ys);
      n.push(...ns);
      count.push(0);
    }
    count[k]++;
    of[row] = k;
  }
  return { m, x, y: Float64Array.from(y), n: Float64Array.from(n), count: Float64Array.from(count), of };
}

/** Why the data cannot identify an item-response fit (every result 0, or every result 1), or null. */
export function irtDegenerate(data: IrtData): string | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.scores.length; i++) {
    const v = data.scores[i];
    if (Number.isNaN(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return 'no question has a result';
  if (hi - lo < 1e-12)
    return `every result is ${(lo * 100).toFixed(0)}%: nothing tells questions or models apart`;
  return null;
}

/** The floors of GUESS_GRID below the weakest model's mean score (0 always). */
function guessGrid(data: IrtData, m: number): number[] {
  const nq = data.scores.length / m;
  let weakest = Infinity;
  for (let j = 0; j < m; j++) {
    let s = 0;
    let k = 0;
    for (let q = 0; q < nq; q++) {
      const v = data.scores[q * m + j];
      if (!Number.isNaN(v)) {
        s += v;
        k++;
      }
    }
    if (k) weakest = Math.min(weakest, s / k);
  }
  return GUESS_GRID.filter((v) => v === 0 || v < weakest - 0.005);
}

/**
 * Fits the item-response model to a ladder's per-question pass rates (compute in FLOPs). The prior (and with guess
 * 'auto' the floor: GUESS_GRID upwards while the marginal likelihood rises) is fitted on an even stride of up to
 * 2,000 questions; every question's posterior is then taken under it. Throws on degenerate data (see `irtDegenerate`).
 */
export function fitIrt(data: IrtData, options: IrtOptions = {}): IrtFit {
  const why = irtDegenerate(data);
  if (why) throw new Error(`IRT fit: ${why}`);
  const m = data.flops.length;
  if (m < 2 || data.flops.some((f) => !(f > 0)))
    throw new Error('IRT fit: needs at least 2 models, each with positive compute (FLOPs)');
  if (data.scores.length % m !== 0)
    throw new Error(`IRT fit: ${data.scores.length} scores is not a multiple of ${m} models`);
  const nq = data.scores.length / m;
  const logC = data.flops.map(Math.log10);
  const x0 = logC.reduce((s, v) => s + v, 0) / m;
  const x = Float64Array.from(logC, (v) => v - x0);
  const maxIterations = options.maxIterations ?? 200;
  const guess = options.guess ?? 'auto';
  if (guess !== 'auto' && !(guess >= 0 && guess < 1))
    throw new Error(`IRT fit: guess floor ${String(guess)} is outside [0,1)`);
  const stride = Math.max(1, Math.ceil(nq / SAMPLE_QUESTIONS));
  const sample = patterns(
    data,
    x,
    Array.from({ length: Math.ceil(nq / stride) }, (_, i) => i * stride),
  );
  // Floors in increasing order, stopping at the first that lowers the marginal likelihood.
  let best: (Run & { g: number }) | null = null;
  const floors = guess === 'auto' ? guessGrid(data, m) : [guess];
  const candidates = floors.length;
  for (const g of floors) {
    const run = emRun(sample, g, candidates > 1 ? SCREEN_ITERATIONS : maxIterations, best ?? undefined);
    if (best && run.logLikelihood < best.logLikelihood) break;
    best = { ...run, g };
  }
  if (candidates > 1 && best && !best.converged)
    best = { ...emRun(sample, best.g, maxIterations, best), g: best.g };
  let fitted = best as Run & { g: number };
  let kappa = typeof options.curvature === 'number' ? options.curvature : 0;
  let bends: Bend[] = [];
  if (options.curvature === 'fit' || options.curvature === 'average') {
    const xs = [...x, options.at !== undefined ? Math.log10(options.at) - x0 : 0];
    bends = scanCurvature(sample, fitted, maxIterations, Math.min(...xs), Math.max(...xs));
    const top = bends.reduce((a, b) => (b.run.logLikelihood > a.run.logLikelihood ? b : a));
    fitted = { ...top.run, g: fitted.g };
    kappa = top.curvature;
    if (options.curvature === 'fit') bends = [top];
  } else if (kappa !== 0) {
    fitted = {
      ...emRun({ ...sample, x: warp(sample.x, kappa) }, fitted.g, maxIterations, fitted),
      g: fitted.g,
    };
  }
  // Every question's posterior under the prior fitted on the sample (the sample's own when it is every question).
  const every =
    stride > 1
      ? patterns(
          data,
          x,
          Array.from({ length: nq }, (_, i) => i),
        )
      : null;
  const under = (run: Run, k: number): { p: Patterns; post: Posterior } => {
    const p = { ...(every ?? sample), x: warp((every ?? sample).x, k) };
    if (!every) return { p, post: run.post };
    const post = startingPosterior(p, fitted.g);
    eStep(p, fitted.g, run.mu, run.sigma, post, true, COLD_STEPS);
    return { p, post };
  };
  const atX = (k: number) =>
    options.at !== undefined ? warp([Math.log10(options.at) - x0], k)[0] : undefined;
  const finish = (r: Run, k: number) => {
    const u = under(r, k);
    return { ...u, logLikelihood: finalStep(u.p, r, u.post, fitted.g, atX(k)) };
  };
  const { p, post, logLikelihood } = finish(fitted, kappa);
  let at = post.at ? meanOverQuestions(p, post.at) : null;
  const weights: { curvature: number; weight: number }[] = [];
  if (options.curvature === 'average' && at) {
    // The mixture over the bends, each weighted by its marginal likelihood on the sample (a flat prior over the grid).
    const mix = { w: 0, v: 0, vv: 0 };
    for (const b of bends) {
      const w = Math.exp(b.run.logLikelihood - fitted.logLikelihood);
      const other = b.curvature === kappa ? null : finish(b.run, b.curvature);
      const one = other ? meanOverQuestions(other.p, other.post.at as NonNullable<Posterior['at']>) : at;
      mix.w += w;
      mix.v += w * one.value;
      mix.vv += w * (one.sd ** 2 + one.value ** 2);
      weights.push({ curvature: b.curvature, weight: w });
    }
    const value = mix.v / mix.w;
    at = { value, sd: Math.sqrt(Math.max(0, mix.vv / mix.w - value * value)) };
    for (const w of weights) w.weight /= mix.w;
  }
  const run: Run = { ...fitted, post, logLikelihood };
  const c = new Float64Array(nq).fill(NaN);
  const a = new Float64Array(nq).fill(NaN);
  const cov = new Float64Array(3 * nq).fill(NaN);
  let used = 0;
  for (let q = 0; q < nq; q++) {
    const k = p.of[q];
    if (k < 0) continue;
    used++;
    c[q] = run.post.mean[2 * k];
    a[q] = run.post.mean[2 * k + 1];
    for (let i = 0; i < 3; i++) cov[3 * q + i] = run.post.cov[3 * k + i];
  }
  return {
    guess: fitted.g,
    x0,
    curvature: kappa,
    used,
    c,
    a,
    cov,
    mu: [run.mu[0], run.mu[1]],
    sigma: [run.sigma[0], run.sigma[1], run.sigma[2]],
    iterations: run.iterations,
    converged: run.converged,
    logLikelihood: run.logLikelihood,
    ...(weights.length ? { curvatureWeights: weights } : {}),
    ...(at ? { at: { flops: options.at as number, ...at } } : {}),
  };
}

/** The question-weighted means of the patterns' posterior pass rates and standard deviations at the target. */
function meanOverQuestions(p: Patterns, at: NonNullable<Posterior['at']>): { value: number; sd: number } {
  let n = 0;
  let v = 0;
  let sd = 0;
  for (let k = 0; k < p.count.length; k++) {
    n += p.count[k];
    v += p.count[k] * at.mean[k];
    sd += p.count[k] * at.sd[k];
  }
  return { value: v / n, sd: sd / n };
}

/**
 * The fitted model's mean score over the questions at `flops` (FLOPs), in [0,1]: each question's posterior-mean
 * pass rate (probit approximation over its posterior). `sd` is the standard deviation of the mean with the questions'
 * posterior errors fully correlated (they share the ability curve): the mean over questions of half the spread of P
 * between η ± one posterior standard deviation, in score units.
 */
export function irtMeanAt(
  fit: IrtFit,
  flops: number,
): { value: number; sd: number; perQuestion: Float64Array } {
  const x = warp([Math.log10(flops) - fit.x0], fit.curvature)[0];
  const g = fit.guess;
  const per = new Float64Array(fit.c.length).fill(NaN);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let sum = 0;
  let sdSum = 0;
  let n = 0;
  for (let q = 0; q < fit.c.length; q++) {
    if (Number.isNaN(fit.c[q])) continue;
    const m = fit.c[q] + fit.a[q] * x;
    const v = Math.max(0, fit.cov[3 * q] + 2 * x * fit.cov[3 * q + 1] + x * x * fit.cov[3 * q + 2]);
    per[q] = g + (1 - g) * sig(m / Math.sqrt(1 + (Math.PI * v) / 8));
    sum += per[q];
    const r = Math.sqrt(v);
    sdSum += ((1 - g) * (sig(m + r) - sig(m - r))) / 2;
    n++;
  }
  return { value: sum / n, sd: sdSum / n, perQuestion: per };
}
