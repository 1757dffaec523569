import { intraClusterDistance, outlierRate } from '../cluster/index.ts';
import { StageCache } from '../pipeline/cache.ts';
import { Pipeline } from '../pipeline/stages.ts';
import { DEFAULT_PARAMS } from '../study/params.ts';
import type { Study } from '../study/study.ts';
import type { BenchmarkPrediction, ClusteringAlgorithm, PredictParams, TargetSpec } from '../study/types.ts';

/** The clustering algorithms of the paper's Table 3, in its column order ('cod' = improved MeanShift). */
export const ABLATION_CLUSTERINGS: readonly ClusteringAlgorithm[] = [
  'kmeans',
  'dbscan',
  'meanshift',
  'improved-kmeans',
  'cod',
];
/** The law variants of the paper's Table 4. */
export const ABLATION_LAWS: readonly PredictParams['law'][] = ['f1', 'f2', 'f3', 'cod'];

export interface AblationRow {
  benchmark: string;
  /** Clustering algorithm or law, by the table. */
  variant: string;
  /** Intra-cluster average distance to the centre (NaN for the law table). */
  intraClusterDistance: number;
  /** Share of clusterable questions left as outliers, in [0,1]. */
  outlierRate: number;
  /** Predictable-subset share of the answered questions, in [0,1]. */
  subsetRatio: number;
  /** |predicted − actual| on the predictable subset and on the full set, in points; null without actual results. */
  subsetError: number | null;
  finalError: number | null;
  status: BenchmarkPrediction['status'];
}

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
    const f = pipeline.features(prep, b.name);
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

/** Mean and max of the subset and final errors per variant (points), the summary rows of Tables 3 and 4. */
export function ablationSummary(
  rows: AblationRow[],
): { variant: string; meanEE: number; meanFE: number; maxEE: number; maxFE: number }[] {
  const variants = [...new Set(rows.map((r) => r.variant))];
  const stat = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
    return v.length
      ? { mean: v.reduce((a, b) => a + b, 0) / v.length, max: Math.max(...v) }
      : { mean: NaN, max: NaN };
  };
  return variants.map((variant) => {
    const rs = rows.filter((r) => r.variant === variant);
    const ee = stat(rs.map((r) => r.subsetError));
    const fe = stat(rs.map((r) => r.finalError));
    return { variant, meanEE: ee.mean, meanFE: fe.mean, maxEE: ee.max, maxFE: fe.max };
  });
}
