import { describe, expect, it } from 'vitest';
import { eStep, startingPosterior, type Patterns } from '../../../src/core/methods/baselines/irt-em.ts';

const X = [-1.75, -1.25, -0.75, -0.25, 0.25, 0.75, 1.25, 1.75];
const MU = [-0.5, 1];
const SIGMA = [2, 0.3, 0.8];

/** One response row (pass rates y, n samples per model) as the E step reads it. */
function row(y: number[], n: number): Patterns {
  return {
    m: X.length,
    x: Float64Array.from(X),
    y: Float64Array.from(y),
    n: new Float64Array(X.length).fill(n),
    count: Float64Array.of(1),
    of: Int32Array.of(0),
  };
}

/** The row's posterior moments and log marginal likelihood (binomial coefficients left out) summed on a fine grid. */
function grid(p: Patterns, g: number) {
  const det = SIGMA[0] * SIGMA[2] - SIGMA[1] ** 2;
  const logPost = (c: number, a: number) => {
    let l = 0;
    for (let j = 0; j < p.m; j++) {
      const f = g + (1 - g) / (1 + Math.exp(-(c + a * p.x[j])));
      l += p.n[j] * (p.y[j] * Math.log(f) + (1 - p.y[j]) * Math.log(1 - f));
    }
    const dc = c - MU[0];
    const da = a - MU[1];
    return l - (SIGMA[2] * dc * dc - 2 * SIGMA[1] * dc * da + SIGMA[0] * da * da) / (2 * det);
  };
  const [c0, c1, a0, a1, steps] = [-14, 10, -5, 7, 600];
  const [dc, da] = [(c1 - c0) / steps, (a1 - a0) / steps];
  const values = new Float64Array((steps + 1) ** 2);
  for (let i = 0; i <= steps; i++)
    for (let k = 0; k <= steps; k++) values[i * (steps + 1) + k] = logPost(c0 + i * dc, a0 + k * da);
  const top = values.reduce((m, v) => Math.max(m, v), -Infinity);
  let [w, mc, ma, scc, saa] = [0, 0, 0, 0, 0];
  for (let i = 0; i <= steps; i++)
    for (let k = 0; k <= steps; k++) {
      const e = Math.exp(values[i * (steps + 1) + k] - top);
      const [c, a] = [c0 + i * dc, a0 + k * da];
      w += e;
      mc += e * c;
      ma += e * a;
      scc += e * c * c;
      saa += e * a * a;
    }
  mc /= w;
  ma /= w;
  return {
    mean: [mc, ma],
    sd: [Math.sqrt(scc / w - mc * mc), Math.sqrt(saa / w - ma * ma)],
    logMarginal: top + Math.log(w * dc * da) - Math.log(2 * Math.PI) - 0.5 * Math.log(det),
  };
}

/** The E step's posterior of the row, its modes located first as the EM's warm starts are. */
function posterior(p: Patterns, g: number) {
  const post = startingPosterior(p, g);
  eStep(p, g, MU, SIGMA, post, true, 16);
  const logMarginal = eStep(p, g, MU, SIGMA, post);
  return {
    mean: [post.mean[0], post.mean[1]],
    sd: [Math.sqrt(post.cov[0]), Math.sqrt(post.cov[2])],
    logMarginal,
  };
}

/** Rows: name, pass rates, samples per model, guess floor, tolerated error of the sds (a fraction of them). */
const ROWS: [string, number[], number, number, number][] = [
  ['greedy 0/1', [0, 0, 1, 0, 1, 1, 0, 1], 1, 0, 0.01],
  ['greedy multiple-choice', [1, 0, 0, 0, 1, 0, 1, 1], 1, 0.25, 0.01],
  ['graded, 10 samples', [0.1, 0.2, 0.3, 0.3, 0.5, 0.6, 0.6, 0.8], 10, 0, 0.03],
  ['emerging, 100 samples', [0, 0, 0, 0.01, 0.02, 0.06, 0.15, 0.3], 100, 0, 0.03],
  ['multiple-choice, 20 samples', [0.25, 0.3, 0.25, 0.4, 0.45, 0.55, 0.7, 0.85], 20, 0.25, 0.12],
];

/**
 * The 3-point product rule of the many-sample rows underestimates the posterior spread of a row pressed against its
 * guess floor by up to 10%; the 5-point rule of the few-sample rows is within 1%.
 */
describe('the item-response E step against a fine grid', () => {
  it.each(ROWS)('integrates a %s row', (_name, y, n, g, sdTolerance) => {
    const ref = grid(row(y, n), g);
    const got = posterior(row(y, n), g);
    for (const i of [0, 1]) {
      expect(Math.abs(got.mean[i] - ref.mean[i])).toBeLessThan(0.02 * ref.sd[i]);
      expect(Math.abs(got.sd[i] / ref.sd[i] - 1)).toBeLessThan(sdTolerance);
    }
    expect(Math.abs(got.logMarginal - ref.logMarginal)).toBeLessThan(0.02);
  });
});
