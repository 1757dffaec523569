/**
 * The prediction contract of `scalecast predict --json`, shared with the page's JSON export: one object per run
 * with every benchmark's prediction (fractions in [0,1]), its interval, the actual score and the error in points,
 * and COD's clusters. A refused benchmark has predicted, low, high and error null and gives its reason.
 */
import type { BenchmarkPrediction, PredictResult } from '../core/study/types.ts';

const finite = (x: number | null | undefined) =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null;

function clusterRows(b: BenchmarkPrediction) {
  return (b.cod?.clusters ?? []).map((k) => ({
    id: k.id,
    size: k.size,
    class: k.cls,
    params: k.fit ? Object.fromEntries(k.fit.paramNames.map((n, i) => [n, k.fit!.params[i]])) : null,
    predicted: Number.isFinite(k.predicted) ? k.predicted : null,
  }));
}

/**
 * One benchmark as printed: a refused benchmark has predicted, low, high and error null, its reason, and the
 * end-to-end value shown instead in the page as a separate `fallback` (never as the prediction).
 */
export function benchmarkRow(b: BenchmarkPrediction) {
  const refused = b.status === 'refused' || finite(b.predicted) === null;
  // the end-to-end value the page shows instead, only when it says something (not a [0, 1] interval)
  const informative = finite(b.low) !== null && finite(b.high) !== null && b.high - b.low < 1;
  const fallback =
    refused && finite(b.predicted) !== null && informative
      ? { method: 'e2e-passrate', predicted: b.predicted, low: finite(b.low), high: finite(b.high) }
      : null;
  return {
    benchmark: b.benchmark,
    status: refused ? ('refused' as const) : b.status,
    predicted: refused ? null : b.predicted,
    low: refused ? null : finite(b.low),
    high: refused ? null : finite(b.high),
    actual: finite(b.actual),
    error: refused ? null : finite(b.error),
    ...(refused ? { reason: b.warnings[0] ?? 'no prediction could be made' } : {}),
    ...(fallback ? { fallback } : {}),
    subsetRatio: finite(b.cod?.subsetRatio),
    clusters: clusterRows(b),
    warnings: b.warnings,
    ...(b.explanation ? { explanation: b.explanation } : {}),
  };
}

/** A method's predictions for the target (FLOPs in targetFlops), as `scalecast predict --json` prints them. */
export function predictionJson(result: PredictResult) {
  const benchmarks = result.benchmarks.map(benchmarkRow);
  return {
    target: result.target.name,
    targetFlops: result.target.flops,
    method: result.method,
    status: benchmarks.some((b) => b.predicted !== null) ? ('ok' as const) : ('refused' as const),
    benchmarks,
  };
}

export type PredictionJson = ReturnType<typeof predictionJson>;
