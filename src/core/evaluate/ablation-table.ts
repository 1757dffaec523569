/** The rows of the paper's Tables 3 and 4 and their summary, light enough for the page; `ablation.ts` runs them. */
import type { BenchmarkPrediction, ClusteringAlgorithm, PredictParams } from '../study/types.ts';

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
