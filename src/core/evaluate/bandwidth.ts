/**
 * The two terms of MeanShift's radius R = min(estimate_bandwidth(Q), U) per benchmark, and which one binds: while U
 * binds, the quantile Q cannot change the clustering, and while the estimate binds, U cannot.
 */
import { computeFeatures } from '../pipeline/features.ts';
import { seededBandwidthEstimate } from '../pipeline/seeding.ts';
import { excludeTarget, withMetricBenchmarks, type Study } from '../study/study.ts';
import type { PredictParams, TargetSpec } from '../study/types.ts';

export interface BandwidthTerms {
  benchmark: string;
  /** Quantile Q and estimate_bandwidth(Q) of the benchmark's difficulty vectors (pass-rate units). */
  quantile: number;
  estimate: number;
  /** The upper bound U: the parameter, or √d/10 with d ladder models when it is auto. */
  upper: number;
  upperIsAuto: boolean;
  /** R = min(estimate, U). */
  radius: number;
  /** The term equal to R: 'upper' means Q cannot act, 'estimate' means U cannot act. */
  binds: 'estimate' | 'upper';
}

/**
 * R's terms for each benchmark with questions to cluster, under the MeanShift clusterings ('cod', 'meanshift');
 * an empty list for the others, where neither Q nor U acts. `estimates` caches estimate_bandwidth by benchmark
 * and quantile across calls.
 */
export function bandwidthTerms(
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  estimates: Map<string, { estimate: number; d: number }> = new Map(),
): BandwidthTerms[] {
  if (params.clustering !== 'cod' && params.clustering !== 'meanshift') return [];
  const ladderStudy = withMetricBenchmarks(excludeTarget(study, target));
  const out: BandwidthTerms[] = [];
  for (const b of ladderStudy.benchmarks) {
    if (!b.questions.length) continue;
    const key = JSON.stringify([
      b.name,
      target.name,
      params.passRates,
      params.quantile,
      params.seeding,
      params.seed,
    ]);
    let known = estimates.get(key);
    if (!known) {
      const f = computeFeatures(ladderStudy, b.name, params.passRates);
      if (f.X.n === 0 || f.X.d === 0) continue;
      estimates.set(key, (known = { estimate: seededBandwidthEstimate(f.X, params), d: f.X.d }));
    }
    const { estimate, d } = known;
    const upper = params.upper ?? Math.sqrt(d) / 10;
    const radius = Math.min(estimate, upper);
    out.push({
      benchmark: b.name,
      quantile: params.quantile,
      estimate,
      upper,
      upperIsAuto: params.upper === null,
      radius,
      binds: estimate <= upper ? 'estimate' : 'upper',
    });
  }
  return out;
}
