import { ladderOf } from '../../pipeline/features.ts';
import { toLawUnits } from '../../fit/index.ts';
import { columnMean, fullSetScore, type Benchmark, type ModelInfo, type Study } from '../../study/study.ts';
import type { BenchmarkPrediction, LawFitSummary, PredictionStatus, TargetSpec } from '../../study/types.ts';
import { clamp01 } from '../../util/clamp.ts';

/** One fitting point of a baseline: a ladder model or an anchor with its score on the benchmark. */
export interface FitPoint {
  model: string;
  /** Training compute, FLOPs. */
  flops: number;
  /** Full-set score in [0,1] (its metric when given, else its mean pass rate). */
  full: number;
  /** Mean pass rate over the questions it answered, in [0,1]. */
  passRate: number;
  /** Benchmark column of the model. */
  column: number;
  anchor: boolean;
}

/**
 * The points a baseline fits on one benchmark: ladder models by increasing compute, then anchors (role 'anchor'
 * with a known compute), which the paper adds to every baseline as ordinary fitting points.
 */
export function fitPoints(study: Study, bench: Benchmark): FitPoint[] {
  const point = (name: string, flops: number, anchor: boolean): FitPoint => {
    const column = bench.models.indexOf(name);
    return {
      model: name,
      flops,
      full: fullSetScore(study, bench, name),
      passRate: columnMean(bench, column),
      column,
      anchor,
    };
  };
  const ladder = ladderOf(study, bench.name).map((l) => point(l.model, l.flops, false));
  const anchors = study.models
    .filter((m) => m.role === 'anchor' && m.flops && m.flops > 0 && bench.models.includes(m.name))
    .map((m) => point(m.name, m.flops as number, true));
  return [...ladder, ...anchors].filter((p) => Number.isFinite(p.full));
}

export function modelInfo(study: Study, name: string): ModelInfo | undefined {
  return study.models.find((m) => m.name === name);
}

/** C in 1e18-FLOP units of the points. */
export function lawC(points: { flops: number }[]): number[] {
  return points.map((p) => toLawUnits(p.flops));
}

export interface Outcome {
  status: PredictionStatus;
  predicted: number;
  low: number;
  high: number;
  warnings: string[];
  fit?: LawFitSummary | null;
  points?: { flops: number; y: number }[];
}

/**
 * A baseline's per-benchmark result in the shape COD returns. `actual` is the target's full-set score in [0,1]
 * (null when the target has no results); error is |predicted − actual| in points. A refused outcome has NaN scores.
 */
export function benchmarkResult(
  method: string,
  bench: string,
  actual: number | null,
  o: Outcome,
): BenchmarkPrediction {
  const ok = o.status !== 'refused' && Number.isFinite(o.predicted);
  const predicted = ok ? clamp01(o.predicted) : NaN;
  const low = ok ? clamp01(Math.min(o.low, o.predicted)) : NaN;
  const high = ok ? clamp01(Math.max(o.high, o.predicted)) : NaN;
  return {
    benchmark: bench,
    method,
    status: ok ? o.status : 'refused',
    predicted,
    low,
    high,
    actual,
    error: actual === null || !ok ? null : Math.abs(predicted - actual) * 100,
    warnings: o.warnings,
    fit: o.fit ?? null,
    points: o.points ?? [],
  };
}

export function refused(reason: string, warnings: string[] = []): Outcome {
  return { status: 'refused', predicted: NaN, low: NaN, high: NaN, warnings: [reason, ...warnings] };
}

/** A refusal when the ladder's scores (fractions) are all equal: a curve fitted to no growth extrapolates nothing. */
export function noSignal(ys: number[]): Outcome | null {
  if (!ys.length || Math.max(...ys) - Math.min(...ys) >= 1e-9) return null;
  return refused(
    `no signal: every ladder model scores ${(ys[0] * 100).toFixed(1)}%, so a curve fitted to it extrapolates nothing`,
  );
}

/** The target's actual score on a benchmark, in [0,1]: its full-set metric, or its mean pass rate if `passRate`. */
export function actualScore(
  study: Study,
  bench: Benchmark,
  target: TargetSpec,
  passRate = false,
): number | null {
  const column = bench.models.indexOf(target.name);
  if (column < 0) return null;
  const v = passRate ? columnMean(bench, column) : fullSetScore(study, bench, target.name);
  return Number.isFinite(v) ? v : null;
}

/** A least-squares line y = intercept + slope·x with the spread terms of its standard errors. */
export interface Line {
  slope: number;
  intercept: number;
  /** Residual standard deviation (NaN with fewer than 3 points). */
  s: number;
  n: number;
  xbar: number;
  sxx: number;
}

/** Ordinary least squares of y on x (slope 0 when x does not vary). */
export function lineFit(x: number[], y: number[]): Line {
  const n = x.length;
  const xbar = x.reduce((a, b) => a + b, 0) / n;
  const ybar = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - xbar) ** 2;
    sxy += (x[i] - xbar) * (y[i] - ybar);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = ybar - slope * xbar;
  const sse = x.reduce((s, xi, i) => s + (y[i] - intercept - slope * xi) ** 2, 0);
  return { slope, intercept, s: n > 2 ? Math.sqrt(sse / (n - 2)) : NaN, n, xbar, sxx };
}
