import { leastSquares, toLawUnits } from '../../fit/index.ts';
import type { Study } from '../../study/study.ts';
import type { PredictResult, TargetSpec } from '../../study/types.ts';
import { lineFit, modelInfo, refused, type FitPoint, type Line } from './common.ts';
import { perBenchmark } from './endtoend.ts';
import { mlpEval, trainMlp } from './mlp.ts';

const Z95 = 1.96;
/** FLP fits the loss→score line only on points this far above the random-guess level (5 points). */
const EMERGED = 0.05;

/** Standard error of the fitted line's mean at x0 (NaN when the residual scale is unknown). */
function lineSe(l: Line, x0: number): number {
  return l.s * Math.sqrt(1 / l.n + (l.sxx > 0 ? (x0 - l.xbar) ** 2 / l.sxx : 0));
}

export interface LossLaw {
  /** Predicted loss at the target (nats/token) and the standard error of its logarithm. */
  loss: number;
  logSe: number;
  form: 'power' | 'irreducible';
  params: number[];
}

/**
 * Stage 1: compute (FLOPs) → validation loss. 'power' is FLP's L = (C/C_N)^α, a line in log–log space; 'irreducible'
 * is L = E + A·C^−α (bounded least squares, needs 4 points).
 */
export function fitLossLaw(
  flops: number[],
  loss: number[],
  targetFlops: number,
  form: 'power' | 'irreducible',
): LossLaw {
  const x = flops.map((f) => Math.log(toLawUnits(f)));
  const x0 = Math.log(toLawUnits(targetFlops));
  const line = lineFit(
    x,
    loss.map((l) => Math.log(l)),
  );
  const power: LossLaw = {
    loss: Math.exp(line.intercept + line.slope * x0),
    logSe: lineSe(line, x0),
    form: 'power',
    params: [line.slope, line.intercept],
  };
  if (form === 'power' || flops.length < 4) return power;
  const C = flops.map(toLawUnits);
  const m = C.length;
  const problem = {
    m,
    n: 3,
    residuals(p: number[], out: Float64Array) {
      for (let i = 0; i < m; i++) out[i] = p[0] + p[1] * Math.pow(C[i], -p[2]) - loss[i];
    },
    jacobian(p: number[], out: Float64Array) {
      for (let i = 0; i < m; i++) {
        const q = Math.pow(C[i], -p[2]);
        out[i * 3] = 1;
        out[i * 3 + 1] = q;
        out[i * 3 + 2] = -p[1] * q * Math.log(C[i]);
      }
    },
  };
  const minL = Math.min(...loss);
  let best: { params: number[]; cost: number } | null = null;
  for (const e0 of [0, 0.5 * minL, 0.9 * minL]) {
    for (const a0 of [0.05, 0.1, 0.2, 0.4]) {
      const A0 = Math.max(1e-6, (loss[0] - e0) * Math.pow(C[0], a0));
      const r = leastSquares(problem, [e0, A0, a0], { lower: [0, 0, 0], upper: [minL, Infinity, 3] });
      if (Number.isFinite(r.cost) && (!best || r.cost < best.cost)) best = r;
    }
  }
  if (!best) return power;
  const [E, A, alpha] = best.params;
  const L0 = E + A * Math.pow(toLawUnits(targetFlops), -alpha);
  return { loss: L0, logSe: power.logSe, form: 'irreducible', params: best.params };
}

export interface FlpOptions {
  /** Stage 1 form (default 'power', FLP's). */
  lossLaw?: 'power' | 'irreducible';
  /** Stage 2 form (default 'linear', FLP's). */
  stage2?: 'linear' | 'sigmoid';
  /** Random-guess score of every benchmark in [0,1], or per benchmark name (default 0). */
  random?: number | Record<string, number>;
}

function lossPoints(study: Study, points: FitPoint[]): (FitPoint & { loss: number })[] {
  return points
    .map((p) => ({ ...p, loss: modelInfo(study, p.model)?.loss ?? NaN }))
    .filter((p) => Number.isFinite(p.loss) && p.loss > 0);
}

function sigmoidFit(L: number[], y: number[]): ((l: number) => number) | null {
  const m = L.length;
  if (m < 4) return null;
  // S(L) = d + c / (1 + exp(γ·(L − l))): falls from d + c to d as the loss grows.
  const f = (p: number[], l: number) => p[3] + p[0] / (1 + Math.exp(p[1] * (l - p[2])));
  const problem = {
    m,
    n: 4,
    residuals(p: number[], out: Float64Array) {
      for (let i = 0; i < m; i++) out[i] = f(p, L[i]) - y[i];
    },
    jacobian(p: number[], out: Float64Array) {
      for (let i = 0; i < m; i++) {
        const e = Math.exp(p[1] * (L[i] - p[2]));
        const s = 1 / (1 + e);
        const ds = -s * s * e;
        out[i * 4] = s;
        out[i * 4 + 1] = p[0] * ds * (L[i] - p[2]);
        out[i * 4 + 2] = -p[0] * ds * p[1];
        out[i * 4 + 3] = 1;
      }
    },
  };
  const span = Math.max(...L) - Math.min(...L) || 1;
  let best: { params: number[]; cost: number } | null = null;
  for (const g of [1, 3, 10].map((k) => k / span)) {
    for (const q of [0.25, 0.5, 0.75]) {
      const l0 = Math.min(...L) + q * span;
      const r = leastSquares(problem, [Math.max(...y) - Math.min(...y) + 0.05, g, l0, Math.min(...y)], {
        lower: [0, 0, -Infinity, -0.5],
        upper: [1.5, Infinity, Infinity, 1],
      });
      if (Number.isFinite(r.cost) && (!best || r.cost < best.cost)) best = r;
    }
  }
  return best ? (l: number) => f(best.params, l) : null;
}

/**
 * Loss-intermediate (FLP, arXiv 2410.08527): compute → validation loss by a power law, then loss → full-set score by
 * a line on the points at least 5 points above random (a sigmoid as an option). Needs ModelInfo.loss of the fitting
 * models; without it the benchmark is refused with that reason. Scores in [0,1].
 */
export function lossIntermediate(study: Study, target: TargetSpec, options: FlpOptions = {}): PredictResult {
  return perBenchmark(study, target, 'loss', (s, bench, points) => {
    const pts = lossPoints(s, points);
    if (pts.length < 3) {
      return refused(
        `the loss-intermediate baseline needs the validation loss of at least 3 ladder models; ${pts.length} have one`,
      );
    }
    const stage1 = fitLossLaw(
      pts.map((p) => p.flops),
      pts.map((p) => p.loss),
      target.flops,
      options.lossLaw ?? 'power',
    );
    const random = typeof options.random === 'number' ? options.random : (options.random?.[bench.name] ?? 0);
    const warnings: string[] = [];
    let use = pts.filter((p) => p.full >= random + EMERGED);
    if (use.length < 2) {
      warnings.push(
        `only ${use.length} models score 5 points above random: the loss→score line uses all of them`,
      );
      use = pts;
    }
    const L = use.map((p) => p.loss);
    const y = use.map((p) => p.full);
    const line = lineFit(L, y);
    let predicted = line.intercept + line.slope * stage1.loss;
    if (options.stage2 === 'sigmoid') {
      const sig = sigmoidFit(L, y);
      if (sig) predicted = sig(stage1.loss);
      else warnings.push('the sigmoid needs 4 emerged points: used the line');
    }
    const se2 = lineSe(line, stage1.loss);
    const se1 = Math.abs(line.slope) * stage1.loss * stage1.logSe;
    const half = Number.isFinite(se2) && Number.isFinite(se1) ? Z95 * Math.hypot(se2, se1) : 0.05;
    if (!(Number.isFinite(se2) && Number.isFinite(se1)))
      warnings.push('too few points for an interval: ±5 points shown');
    warnings.push(`predicted validation loss at the target: ${stage1.loss.toFixed(4)}`);
    return {
      status: 'ok',
      predicted,
      low: predicted - half,
      high: predicted + half,
      warnings,
      points: use.map((p) => ({ flops: p.flops, y: p.full })),
    };
  });
}

export interface FlpMOptions {
  hidden?: number;
  seed?: number;
  /** Networks in the seeded ensemble; their spread (plus the training error) gives the interval. */
  ensemble?: number;
  steps?: number;
}

/**
 * FLP-M: per-domain validation losses predicted from compute by power laws, then a two-layer network from the domain
 * losses to the full-set score, trained deterministically (seeded ensemble). Needs ModelInfo.domainLosses.
 */
export function flpM(study: Study, target: TargetSpec, options: FlpMOptions = {}): PredictResult {
  return perBenchmark(study, target, 'flp-m', (s, _bench, points) => {
    const withDomains = points.filter((p) => modelInfo(s, p.model)?.domainLosses);
    const domains = withDomains.length
      ? Object.keys(modelInfo(s, withDomains[0].model)?.domainLosses ?? {}).filter((d) =>
          withDomains.every((p) => (modelInfo(s, p.model)?.domainLosses?.[d] ?? NaN) > 0),
        )
      : [];
    if (withDomains.length < 3 || domains.length === 0) {
      return refused(
        `FLP-M needs per-domain validation losses of at least 3 ladder models; ${withDomains.length} have them`,
      );
    }
    const X = withDomains.map((p) => domains.map((d) => modelInfo(s, p.model)?.domainLosses?.[d] as number));
    const y = withDomains.map((p) => p.full);
    const x0 = domains.map(
      (_, k) =>
        fitLossLaw(
          withDomains.map((p) => p.flops),
          X.map((r) => r[k]),
          target.flops,
          'power',
        ).loss,
    );
    const n = options.ensemble ?? 5;
    const preds: number[] = [];
    let rmse = 0;
    for (let e = 0; e < n; e++) {
      const net = trainMlp(X, y, {
        hidden: options.hidden ?? 4,
        seed: (options.seed ?? 1) + e,
        steps: options.steps,
      });
      preds.push(mlpEval(net, x0));
      rmse = Math.max(rmse, net.rmse);
    }
    const predicted = preds.reduce((a, b) => a + b, 0) / n;
    return {
      status: 'ok',
      predicted,
      low: Math.min(...preds) - Z95 * rmse,
      high: Math.max(...preds) + Z95 * rmse,
      warnings: [`domains ${domains.join(', ')}; predicted losses ${x0.map((v) => v.toFixed(3)).join(', ')}`],
      points: withDomains.map((p) => ({ flops: p.flops, y: p.full })),
    };
  });
}
