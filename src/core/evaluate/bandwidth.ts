/**
 * The two terms of MeanShift's radius R = min(estimate_bandwidth(Q), U) per benchmark, and which one binds: while U
 * binds, the quantile Q cannot change the clustering, and while the estimate binds, U cannot.
 */
import { Pipeline } from '../pipeline/stages.ts';
import type { Study } from '../study/study.ts';
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
 * an empty list for the others, where neither Q nor U acts. The features and estimate_bandwidth come from `pipeline`,
 * so a caller that keeps one (the sweep worker shares its engine's) computes them once per benchmark and quantile.
 */
export function bandwidthTerms(
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  pipeline: Pipeline = new Pipeline(),
): BandwidthTerms[] {
  if (params.clustering !== 'cod' && params.clustering !== 'meanshift') return [];
  const prep = pipeline.prepare(study, target);
  const out: BandwidthTerms[] = [];
  for (const b of prep.study.benchmarks) {
    if (!b.questions.length) continue;
    const { X } = pipeline.features(prep, b.name, params);
    if (X.n === 0 || X.d === 0) continue;
    const estimate = pipeline.bandwidthEstimate(prep, b.name, params);
    const upper = params.upper ?? Math.sqrt(X.d) / 10;
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
