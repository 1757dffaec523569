/**
 * The EM machinery of the item-response fit (irt-fit.ts): Fisher scoring of each distinct response row's posterior
 * mode, adaptive Gauss–Hermite quadrature of its moments, the population moments, SQUAREM acceleration.
 */

/** Fisher-scoring steps per row and E step (warm-started), and on a cold start under a fitted prior. */
const NEWTON_STEPS = 4;
export const COLD_STEPS = 16;
const TOL = 1e-5;
/** A Newton step this small (logits) is not taken: the quadrature is centred on the mode only to this precision. */
const MODE_TOL = 1e-4;
const VAR_FLOOR = 1e-3;
const EPS = 1e-9;
/** Within this |logit| the clamp of P to [EPS, 1 − EPS] never binds at floor 0. */
const CLAMPED_LOGIT = -Math.log(EPS) - 1;

/** A cubature rule for the standard bivariate normal: nodes (z1[i], z2[i]), weights w summing to 1. */
interface Rule {
  z1: Float64Array;
  z2: Float64Array;
  w: Float64Array;
}

/** The product of a probabilists' Gauss–Hermite rule (nodes z, weights w summing to 1) with itself. */
function product(z: number[], w: number[]): Rule {
  const idx = z.flatMap((_, i) => z.map((_, j) => [i, j]));
  return {
    z1: Float64Array.from(idx, ([i]) => z[i]),
    z2: Float64Array.from(idx, ([, j]) => z[j]),
    w: Float64Array.from(idx, ([i, j]) => w[i] * w[j]),
  };
}

const PRODUCT5 = product(
  [-2.8569700138728056, -1.3556261799742657, 0, 1.3556261799742657, 2.8569700138728056],
  [0.011257411327720691, 0.2220759220056126, 0.5333333333333333, 0.2220759220056126, 0.011257411327720691],
);
const PRODUCT3 = product([-Math.sqrt(3), 0, Math.sqrt(3)], [1 / 6, 2 / 3, 1 / 6]);

/**
 * Rows of at most this many samples per model on average (skewed posteriors, and few distinct rows) take PRODUCT5,
 * the rest PRODUCT3.
 */
const FEW_SAMPLES = 4;

/** The distinct response rows (pass rates and samples per model) and how many questions share each. */
export interface Patterns {
  m: number;
  x: Float64Array;
  y: Float64Array;
  n: Float64Array;
  count: Float64Array;
  /** Pattern of each question, −1 without results. */
  of: Int32Array;
}

/** Log-likelihood, score and Fisher information of pattern k at (c, a) into out: [ℓ, g_c, g_a, I_cc, I_ca, I_aa]. */
function terms(
  p: Patterns,
  k: number,
  g: number,
  c: number,
  a: number,
  out: Float64Array,
  full = true,
): number {
  let l = 0;
  let gc = 0;
  let ga = 0;
  let icc = 0;
  let ica = 0;
  let iaa = 0;
  const base = k * p.m;
  for (let j = 0; j < p.m; j++) {
    const n = p.n[base + j];
    if (n === 0) continue;
    const y = p.y[base + j];
    const xj = p.x[j];
    const eta = c + a * xj;
    const den = 1 + Math.exp(-eta);
    const s = 1 / den;
    const f = Math.min(1 - EPS, Math.max(EPS, g + (1 - g) * s));
    if (g === 0 && y > 0 && y < 1 && Math.abs(eta) < CLAMPED_LOGIT) {
      // log s and log(1 − s) share log(1 + e^−η): one logarithm instead of two.
      l -= n * ((1 - y) * eta + Math.log(den));
    } else {
      if (y > 0) l += n * y * Math.log(f);
      if (y < 1) l += n * (1 - y) * Math.log(1 - f);
    }
    if (!full) continue;
    const d = (1 - g) * s * (1 - s);
    const r = (n * (y - f) * d) / (f * (1 - f));
    const w = (n * d * d) / (f * (1 - f));
    gc += r;
    ga += r * xj;
    icc += w;
    ica += w * xj;
    iaa += w * xj * xj;
  }
  out[0] = l;
  out[1] = gc;
  out[2] = ga;
  out[3] = icc;
  out[4] = ica;
  out[5] = iaa;
  return l;
}

export interface Posterior {
  /** Per pattern: posterior mean (c, a) and covariance (3 entries). */
  mean: Float64Array;
  cov: Float64Array;
  /** Per pattern: the mode, the warm start of the next pass. */
  mode: Float64Array;
  /** Optionally, per pattern, the posterior mean and standard deviation of P at x (centred log10 FLOPs). */
  at?: { x: number; mean: Float64Array; sd: Float64Array };
}

/** One E step: every pattern's posterior under the prior (μ, Σ); returns the log marginal likelihood. */
export function eStep(
  p: Patterns,
  g: number,
  mu: number[],
  sigma: number[],
  post: Posterior,
  modesOnly = false,
  steps = NEWTON_STEPS,
): number {
  const t = new Float64Array(6);
  const det0 = sigma[0] * sigma[2] - sigma[1] * sigma[1];
  const [pcc, pca, paa] = [sigma[2] / det0, -sigma[1] / det0, sigma[0] / det0];
  const logPost = (c: number, a: number, full: boolean) => {
    const dc = c - mu[0];
    const da = a - mu[1];
    return terms(p, k, g, c, a, t, full) - 0.5 * (pcc * dc * dc + 2 * pca * dc * da + paa * da * da);
  };
  let k = 0;
  let total = 0;
  for (k = 0; k < p.count.length; k++) {
    let c = post.mode[2 * k];
    let a = post.mode[2 * k + 1];
    let obj = logPost(c, a, true);
    for (let step = 0; step < steps; step++) {
      const gc = t[1] - (pcc * (c - mu[0]) + pca * (a - mu[1]));
      const ga = t[2] - (pca * (c - mu[0]) + paa * (a - mu[1]));
      const h11 = t[3] + pcc;
      const h12 = t[4] + pca;
      const h22 = t[5] + paa;
      const det = h11 * h22 - h12 * h12;
      let sc = (h22 * gc - h12 * ga) / det;
      let sa = (h11 * ga - h12 * gc) / det;
      const big = Math.max(Math.abs(sc), Math.abs(sa));
      if (big < MODE_TOL) break;
      if (big > 4) {
        sc *= 4 / big;
        sa *= 4 / big;
      }
      let moved = false;
      for (let half = 0; half < 6 && !moved; half++, sc /= 2, sa /= 2) {
        const next = logPost(c + sc, a + sa, true);
        if (next >= obj - 1e-12) {
          c += sc;
          a += sa;
          obj = next;
          moved = true;
        }
      }
      if (!moved) obj = logPost(c, a, true);
      if (!moved || Math.abs(sc) + Math.abs(sa) < 1e-7) break;
    }
    post.mode[2 * k] = c;
    post.mode[2 * k + 1] = a;
    if (modesOnly) continue;
    // Quadrature on the Laplace scale: L = chol(H⁻¹), nodes θ = mode + L·z.
    const h11 = t[3] + pcc;
    const h12 = t[4] + pca;
    const h22 = t[5] + paa;
    const det = h11 * h22 - h12 * h12;
    const v11 = h22 / det;
    const v12 = -h12 / det;
    const v22 = h11 / det;
    const l11 = Math.sqrt(v11);
    const l21 = v12 / l11;
    const l22 = Math.sqrt(Math.max(1e-12, v22 - l21 * l21));
    let samples = 0;
    for (let j = 0; j < p.m; j++) samples += p.n[k * p.m + j];
    const rule = samples <= FEW_SAMPLES * p.m ? PRODUCT5 : PRODUCT3;
    let sw = 0;
    let mc = 0;
    let ma = 0;
    let scc = 0;
    let sca = 0;
    let saa = 0;
    let sp = 0;
    let spp = 0;
    const xt = post.at?.x ?? NaN;
    for (let i = 0; i < rule.w.length; i++) {
      const z1 = rule.z1[i];
      const z2 = rule.z2[i];
      const nc = c + l11 * z1;
      const na = a + l21 * z1 + l22 * z2;
      // The centre node is (c, a) itself, whose log-posterior is obj.
      const ratio =
        z1 === 0 && z2 === 0 ? 1 : Math.exp(logPost(nc, na, false) - obj + 0.5 * (z1 * z1 + z2 * z2));
      const w = rule.w[i] * ratio;
      sw += w;
      mc += w * nc;
      ma += w * na;
      scc += w * nc * nc;
      sca += w * nc * na;
      saa += w * na * na;
      if (post.at) {
        const pt = g + (1 - g) / (1 + Math.exp(-(nc + na * xt)));
        sp += w * pt;
        spp += w * pt * pt;
      }
    }
    mc /= sw;
    ma /= sw;
    post.mean[2 * k] = mc;
    post.mean[2 * k + 1] = ma;
    post.cov[3 * k] = Math.max(1e-9, scc / sw - mc * mc);
    post.cov[3 * k + 1] = sca / sw - mc * ma;
    post.cov[3 * k + 2] = Math.max(1e-9, saa / sw - ma * ma);
    if (post.at) {
      post.at.mean[k] = sp / sw;
      post.at.sd[k] = Math.sqrt(Math.max(0, spp / sw - (sp / sw) ** 2));
    }
    total += p.count[k] * (obj + Math.log(sw) + Math.log(l11 * l22) - 0.5 * Math.log(det0));
  }
  return total;
}

/** The M step: the population moments from the patterns' posterior moments, weighted by their question counts. */
function mStep(p: Patterns, post: Posterior): { mu: number[]; sigma: number[] } {
  let n = 0;
  let mc = 0;
  let ma = 0;
  for (let k = 0; k < p.count.length; k++) {
    n += p.count[k];
    mc += p.count[k] * post.mean[2 * k];
    ma += p.count[k] * post.mean[2 * k + 1];
  }
  mc /= n;
  ma /= n;
  let s11 = 0;
  let s12 = 0;
  let s22 = 0;
  for (let k = 0; k < p.count.length; k++) {
    const dc = post.mean[2 * k] - mc;
    const da = post.mean[2 * k + 1] - ma;
    s11 += p.count[k] * (dc * dc + post.cov[3 * k]);
    s12 += p.count[k] * (dc * da + post.cov[3 * k + 1]);
    s22 += p.count[k] * (da * da + post.cov[3 * k + 2]);
  }
  s11 = Math.max(VAR_FLOOR, s11 / n);
  s22 = Math.max(VAR_FLOOR, s22 / n);
  const r = Math.max(-0.99, Math.min(0.99, s12 / n / Math.sqrt(s11 * s22)));
  return { mu: [mc, ma], sigma: [s11, r * Math.sqrt(s11 * s22), s22] };
}

/** The prior's moments as an unconstrained vector (μ, log variances, atanh of the correlation), and back. */
function pack(mu: number[], sigma: number[]): number[] {
  const r = sigma[1] / Math.sqrt(sigma[0] * sigma[2]);
  return [
    mu[0],
    mu[1],
    Math.log(sigma[0]),
    Math.log(sigma[2]),
    Math.atanh(Math.max(-0.99, Math.min(0.99, r))),
  ];
}

function unpack(t: number[]): { mu: number[]; sigma: number[] } {
  const s11 = Math.max(VAR_FLOOR, Math.min(1e4, Math.exp(t[2])));
  const s22 = Math.max(VAR_FLOOR, Math.min(1e4, Math.exp(t[3])));
  const r = Math.max(-0.99, Math.min(0.99, Math.tanh(t[4])));
  return { mu: [t[0], t[1]], sigma: [s11, r * Math.sqrt(s11 * s22), s22] };
}

export interface Run {
  mu: number[];
  sigma: number[];
  post: Posterior;
  iterations: number;
  converged: boolean;
  logLikelihood: number;
}

/** Each pattern started at the logit of its mean score above the floor g, with a flat slope. */
export function startingPosterior(p: Patterns, g: number): Posterior {
  const np = p.count.length;
  const post: Posterior = {
    mean: new Float64Array(2 * np),
    cov: new Float64Array(3 * np),
    mode: new Float64Array(2 * np),
  };
  for (let k = 0; k < np; k++) {
    let s = 0;
    let w = 0;
    for (let j = 0; j < p.m; j++) {
      s += p.n[k * p.m + j] * (p.n[k * p.m + j] ? p.y[k * p.m + j] : 0);
      w += p.n[k * p.m + j];
    }
    const u = Math.min(0.9, Math.max(0.1, (s / w - g) / (1 - g)));
    post.mode[2 * k] = Math.log(u / (1 - u));
  }
  return post;
}

export function emRun(p: Patterns, g: number, maxIterations: number, warm?: Run): Run {
  const post = warm
    ? { mean: warm.post.mean.slice(), cov: warm.post.cov.slice(), mode: warm.post.mode.slice() }
    : startingPosterior(p, g);
  // EM on the prior's moments, accelerated by SQUAREM (two EM steps, an extrapolation along them, a stabilising step;
  // the plain step is kept whenever the extrapolation lowers the likelihood). Parameters: μ, log variances, atanh ρ.
  const step = (theta: number[]): { ll: number; next: number[] } => {
    const { mu, sigma } = unpack(theta);
    const ll = eStep(p, g, mu, sigma, post);
    const m = mStep(p, post);
    return { ll, next: pack(m.mu, m.sigma) };
  };
  let theta = warm ? pack(warm.mu, warm.sigma) : pack([0, 0], [4, 0, 1]);
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    const s1 = step(theta);
    const s2 = step(s1.next);
    iterations += 2;
    const r = s1.next.map((v, i) => v - theta[i]);
    const v = s2.next.map((u, i) => u - 2 * s1.next[i] + theta[i]);
    const nr = Math.hypot(...r);
    const nv = Math.hypot(...v);
    let next = s2.next;
    let ll = s2.ll;
    if (nv > 1e-12 && iterations > 2) {
      const alpha = Math.min(-1, -nr / nv);
      const jump = theta.map((t, i) => t - 2 * alpha * r[i] + alpha * alpha * v[i]);
      const s3 = step(jump);
      iterations++;
      if (Number.isFinite(s3.ll) && s3.ll >= s2.ll) {
        next = s3.next;
        ll = s3.ll;
      }
    }
    const change = Math.max(...next.map((u, i) => Math.abs(u - theta[i])));
    converged = change < TOL || (iterations > 6 && Math.abs(ll - logLikelihood) < TOL * (1 + Math.abs(ll)));
    theta = next;
    logLikelihood = ll;
  }
  const { mu, sigma } = unpack(theta);
  logLikelihood = eStep(p, g, mu, sigma, post);
  return { mu, sigma, post, iterations, converged, logLikelihood };
}
