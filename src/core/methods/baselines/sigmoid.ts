import type { PredictResult, TargetSpec } from '../../study/types.ts';
import type { Study } from '../../study/study.ts';
import { lineFit, noSignal, refused, type Outcome } from './common.ts';
import { perBenchmark } from './endtoend.ts';

const GUESS_GRID = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];
/** Ladder models from which the guess floor is fitted; with fewer it is held at 0 (another form). */
export const SIGMOID_FLOOR_MODELS = 3;
const EPS = 1e-4;

interface SigmoidFit {
  g: number;
  /** Intercept and slope of logit((y − g)/(1 − g)) against log10 FLOPs. */
  a: number;
  k: number;
  /** Residual standard deviation in logit space, and the regression's spread terms for the interval. */
  s: number;
  xMean: number;
  sxx: number;
  n: number;
}

const logit = (p: number) => Math.log(p / (1 - p));

function fitAt(x: number[], y: number[], g: number): SigmoidFit & { sse: number } {
  const n = x.length;
  const z = y.map((v) => logit(Math.min(1 - EPS, Math.max(EPS, (v - g) / (1 - g)))));
  const { slope: k, intercept: a, xbar: xMean, sxx } = lineFit(x, z);
  let rz = 0;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    rz += (z[i] - a - k * x[i]) ** 2;
    sse += (g + (1 - g) / (1 + Math.exp(-(a + k * x[i]))) - y[i]) ** 2;
  }
  return { g, a, k, s: n > 2 ? Math.sqrt(rz / (n - 2)) : NaN, xMean, sxx, n, sse };
}

/**
 * A sigmoid in log-compute, y = g + (1 − g)·σ(a + k·log10 C), fitted as a straight line in logit space (closed
 * form); the guess floor g is chosen on a grid by the squared error in score space (0 with two points). Scores in
 * [0,1], compute in FLOPs. The aggregate of per-question logistic curves and of IRT items is close to this form.
 */
export function fitSigmoid(flops: number[], y: number[]): SigmoidFit | null {
  if (flops.length < 2 || new Set(flops).size < 2) return null;
  const x = flops.map(Math.log10);
  const ymin = Math.min(...y);
  const grid =
    flops.length < SIGMOID_FLOOR_MODELS ? [0] : GUESS_GRID.filter((g) => g === 0 || g < ymin - 0.005);
  let best: (SigmoidFit & { sse: number }) | null = null;
  for (const g of grid) {
    const f = fitAt(x, y, g);
    if (!best || f.sse < best.sse - 1e-12) best = f;
  }
  return best;
}

/** The fitted sigmoid at `flops`, with a 95% interval from the logit-space regression (±5 points when n ≤ 2). */
export function sigmoidAt(f: SigmoidFit, flops: number): { value: number; low: number; high: number } {
  const x = Math.log10(flops);
  const z = f.a + f.k * x;
  const to = (v: number) => f.g + (1 - f.g) / (1 + Math.exp(-v));
  const value = to(z);
  if (!Number.isFinite(f.s)) return { value, low: value - 0.05, high: value + 0.05 };
  const half = 1.96 * Math.max(f.s, 0.05) * Math.sqrt(1 + 1 / f.n + (x - f.xMean) ** 2 / f.sxx);
  return { value, low: to(z - half), high: to(z + half) };
}

/** End-to-end (sigmoid): the full-set score as a sigmoid in log-compute with a guess floor. */
export function endToEndSigmoid(study: Study, target: TargetSpec): PredictResult {
  return perBenchmark(study, target, 'e2e-sigmoid', (_s, _b, points): Outcome => {
    const ladder = points.filter((p) => Number.isFinite(p.full));
    const flat = noSignal(ladder.map((p) => p.full));
    if (flat) return flat;
    const fit = fitSigmoid(
      ladder.map((p) => p.flops),
      ladder.map((p) => p.full),
    );
    if (!fit) return refused('a sigmoid in log-compute needs at least 2 models of distinct compute');
    const at = sigmoidAt(fit, target.flops);
    const warnings = ladder.length < 3 ? ['two points: guess floor held at 0'] : [];
    return {
      status: 'ok',
      predicted: at.value,
      low: at.low,
      high: at.high,
      warnings,
      points: ladder.map((p) => ({ flops: p.flops, y: p.full })),
    };
  });
}
