import { intraClusterDistance, outlierRate } from '../cluster/index.ts';
import { StageCache } from '../pipeline/cache.ts';
import { Pipeline } from '../pipeline/stages.ts';
import { DEFAULT_PARAMS } from '../study/params.ts';
import type { Study } from '../study/study.ts';
import type { BenchmarkPrediction, ClusteringAlgorithm, PredictParams, TargetSpec } from '../study/types.ts';
import { ABLATION_CLUSTERINGS, ABLATION_LAWS, type AblationRow } from './ablation-table.ts';

export * from './ablation-table.ts';

function rowOf(
  benchmark: string,
  variant: string,
  p: BenchmarkPrediction,
  iad: number,
  or: number,
): AblationRow {
  const cod = p.cod;
  const subsetError =
    cod && cod.subsetActual !== null && Number.isFinite(cod.subsetPredicted)
      ? Math.abs(cod.subsetPredicted - cod.subsetActual) * 100
      : null;
  return {
    benchmark,
    variant,
    intraClusterDistance: iad,
    outlierRate: or,
    subsetRatio: cod?.subsetRatio ?? 0,
    subsetError,
    finalError: p.error,
    status: p.status,
  };
}

/**
 * Rows of an ablation table: `base` with `key` set to each of `values` (each a variant named by its value) on every
 * benchmark, through one pipeline and cache.
 */
function ablate<K extends 'clustering' | 'law'>(
  study: Study,
  target: TargetSpec,
  base: PredictParams,
  key: K,
  values: readonly PredictParams[K][],
  cache: StageCache,
): AblationRow[] {
  const variants = values.map((v): [string, PredictParams] => [v, { ...base, [key]: v }]);
  const pipeline = new Pipeline({ cache });
  const prep = pipeline.prepare(study, target);
  return prep.study.benchmarks.flatMap((b) => {
    const f = pipeline.features(prep, b.name, base);
    return variants.map(([variant, p]) => {
      const c = pipeline.clustering(prep, b.name, p);
      const pred = pipeline.benchmark(prep, b.name, target, p);
      return rowOf(b.name, variant, pred, intraClusterDistance(f.X, c), outlierRate(c));
    });
  });
}

/**
 * Table 3: each clustering algorithm under otherwise equal parameters (`base`), per benchmark: IAD, outlier rate,
 * subset (EE) and final (FE) error in points. The target's results never enter the features.
 */
export function clusteringAblation(
  study: Study,
  target: TargetSpec,
  base: PredictParams = DEFAULT_PARAMS,
  algorithms: readonly ClusteringAlgorithm[] = ABLATION_CLUSTERINGS,
  cache: StageCache = new StageCache(),
): AblationRow[] {
  return ablate(study, target, base, 'clustering', algorithms, cache);
}

/**
 * Table 4: each law variant (f1, f2, f3, COD) per benchmark: EE, subset share, FE. The law is not a clustering
 * parameter, so every variant shares the one clustering of `base` (and its IAD and outlier rate).
 */
export function lawAblation(
  study: Study,
  target: TargetSpec,
  base: PredictParams = DEFAULT_PARAMS,
  laws: readonly PredictParams['law'][] = ABLATION_LAWS,
  cache: StageCache = new StageCache(),
): AblationRow[] {
  return ablate(study, target, base, 'law', laws, cache);
}
