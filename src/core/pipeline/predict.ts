/** `predict`: COD's prediction of every benchmark of a study for one target, through the one staged pipeline. */
import { DEFAULT_PARAMS } from '../study/params.ts';
import type { Study } from '../study/study.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../study/types.ts';
import type { StageCache } from './cache.ts';
import { Pipeline } from './stages.ts';

export { DEFAULT_PARAMS, PAPER_PARAMS } from '../study/params.ts';
export { computeFeatures, type Features } from './features.ts';
export { fitClusters, type ClusterFit } from './clusterfit.ts';
export { clusterFeatures } from './clustering.ts';
export { predictBenchmark } from './benchmark.ts';
export { excludeTarget } from '../study/study.ts';

/** The model to predict by default: the target-role model with compute, else the largest-compute model. */
export function defaultTarget(study: Study): TargetSpec | null {
  const withCompute = study.models.filter((m) => m.flops && m.flops > 0 && m.role !== 'ignore');
  const target = withCompute.find((m) => m.role === 'target');
  const pick = target ?? withCompute.sort((a, b) => (b.flops as number) - (a.flops as number))[0];
  return pick ? { name: pick.name, flops: pick.flops as number } : null;
}

/**
 * COD's prediction of every benchmark of the study for one target (a study model or a planned run given by its
 * compute in FLOPs). Scores in [0,1]; never throws for data problems, which come back as warnings and statuses.
 * Pass a `cache` to reuse the stages of earlier calls on the same study object (a sweep, a page).
 */
export function predict(
  study: Study,
  target: TargetSpec,
  params: Partial<PredictParams> = {},
  cache?: StageCache,
): PredictResult {
  return new Pipeline({ cache }).run(study, target, { ...DEFAULT_PARAMS, ...params });
}
