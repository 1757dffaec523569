/**
 * The one clustering dispatch: every algorithm of the pipeline (and of `scalecast cluster`) behind one function, with
 * one set of defaults, the parameter registry's (DEFAULT_PARAMS).
 */
import {
  dbscan,
  improvedKMeans,
  improvedMeanShift,
  kMeans,
  meanShift,
  type Clustering,
  type Points,
} from '../cluster/index.ts';
import { CLUSTER_PARAM_KEYS, DEFAULT_PARAMS } from '../study/params.ts';
import type { PredictParams } from '../study/types.ts';
import type { Features } from './features.ts';
import { seededBandwidthEstimate, usesGridSeeds } from './seeding.ts';

/** The clustering parameters, and two options of a bare MeanShift run. */
export type ClusteringSpec = Pick<
  PredictParams,
  | 'clustering'
  | 'quantile'
  | 'upper'
  | 'minClusterSize'
  | 'seeding'
  | 'kmeansK'
  | 'dbscanEps'
  | 'dbscanMinPts'
  | 'seed'
> & {
  /** A fixed radius: MeanShift uses it instead of min(estimate, upper); COD uses it as U. */
  bandwidth?: number;
  binSeeding?: boolean;
  /** estimate_bandwidth(X, quantile) when the caller has it already. */
  bandwidthEstimate?: number;
};

/** The clustering parameters of the product defaults. */
export const DEFAULT_CLUSTERING: ClusteringSpec = Object.fromEntries(
  CLUSTER_PARAM_KEYS.map((k) => [k, DEFAULT_PARAMS[k]]),
) as ClusteringSpec;

/**
 * `scalecast cluster`'s defaults: scikit-learn's own for the algorithms it has (MeanShift's bandwidth estimate at
 * quantile 0.3 and no cap on it, KMeans' 8 clusters, DBSCAN's eps 0.5 and min_samples 5), and the registry's
 * (DEFAULT_PARAMS) for COD's improved MeanShift and improved K-means, which scikit-learn has not.
 */
export function sklearnClustering(algorithm: ClusteringSpec['clustering']): ClusteringSpec {
  const spec = { ...DEFAULT_CLUSTERING, clustering: algorithm, kmeansK: 8, dbscanEps: 0.5, dbscanMinPts: 5 };
  return algorithm === 'meanshift' ? { ...spec, quantile: 0.3, upper: Infinity, seeding: 'points' } : spec;
}

/** MeanShift's radius: the fixed bandwidth, or the estimate at the spec's quantile capped at U (√d/10 unless given). */
export function meanShiftRadius(X: Points, spec: ClusteringSpec): { bandwidth: number; estimate?: number } {
  if (spec.bandwidth !== undefined) return { bandwidth: spec.bandwidth };
  const estimate = spec.bandwidthEstimate ?? seededBandwidthEstimate(X, spec);
  return { bandwidth: Math.min(estimate, spec.upper ?? Math.sqrt(X.d) / 10), estimate };
}

/** k of plain K-means when none is given: √(n/2), within [2, 100]. */
export function defaultK(n: number): number {
  return Math.max(2, Math.min(100, Math.round(Math.sqrt(n / 2))));
}

/** Clusters points (rows of X, e.g. ladder pass rates in [0,1]) with the chosen algorithm; U = √d/10 unless given. */
export function clusterPoints(X: Points, spec: ClusteringSpec): Clustering {
  const upper = spec.bandwidth ?? spec.upper ?? Math.sqrt(X.d) / 10;
  switch (spec.clustering) {
    case 'cod':
      return improvedMeanShift(X, {
        quantile: spec.quantile,
        upper,
        minClusterSize: spec.minClusterSize,
        bandwidthEstimate: spec.bandwidthEstimate ?? seededBandwidthEstimate(X, spec),
        binSeeding: usesGridSeeds(X, spec.seeding),
      });
    case 'meanshift': {
      const { bandwidth, estimate } = meanShiftRadius(X, spec);
      const grid = spec.binSeeding === true || usesGridSeeds(X, spec.seeding);
      const r = meanShift(X, bandwidth, grid ? { binSeeding: true } : {});
      return {
        labels: r.labels,
        centers: r.centers,
        nClusters: r.nClusters,
        bandwidth,
        info: { ...(estimate === undefined ? {} : { bandwidthEstimate: estimate }), iterations: r.nIter },
      };
    }
    case 'kmeans': {
      const k = spec.kmeansK > 0 ? spec.kmeansK : defaultK(X.n);
      return kMeans(X, Math.min(k, X.n), { seed: spec.seed });
    }
    case 'improved-kmeans':
      return improvedKMeans(X, { minClusterSize: spec.minClusterSize, seed: spec.seed });
    case 'dbscan':
      return dbscan(X, spec.dbscanEps, spec.dbscanMinPts);
    default:
      throw new Error(
        `unknown clustering "${String(spec.clustering)}"; known: cod, meanshift, kmeans, improved-kmeans, dbscan`,
      );
  }
}

/** True when the features have too few questions (fewer than the minimum cluster size) or no ladder model to cluster. */
function unclusterable(f: Features, params: PredictParams): boolean {
  return f.X.n < Math.max(2, params.minClusterSize) || f.X.d === 0;
}

/**
 * The algorithms whose result depends on the quantile only through the radius R = min(estimate_bandwidth(X, Q), U):
 * COD's improved MeanShift and MeanShift. Callers key their clusterings by R, so a quantile change that leaves R
 * at U reuses the clustering.
 */
export function clustersByRadius(f: Features, params: PredictParams): boolean {
  return (params.clustering === 'cod' || params.clustering === 'meanshift') && !unclusterable(f, params);
}

/** The radius R = min(estimate, U) of a radius algorithm (U = √d/10 unless set), as clusterPoints computes it. */
export function clusteringRadius(f: Features, params: PredictParams, estimate: number): number {
  return Math.min(estimate, params.upper ?? Math.sqrt(f.X.d) / 10);
}

/**
 * The clustering stage: clusters a benchmark's difficulty vectors. Depends only on the features and the clustering
 * parameters, so callers can cache it while thresholds, law and mapping change. Too few questions (fewer than the
 * minimum cluster size) or no ladder model leave every question an outlier. `bandwidthEstimate`: the features'
 * estimate_bandwidth at the quantile, when the caller has it.
 */
export function clusterFeatures(f: Features, params: PredictParams, bandwidthEstimate?: number): Clustering {
  const { X } = f;
  if (unclusterable(f, params)) {
    return {
      labels: new Int32Array(X.n).fill(-1),
      centers: new Float64Array(0),
      nClusters: 0,
      bandwidth: NaN,
      info: {},
    };
  }
  return clusterPoints(X, { ...params, bandwidthEstimate });
}
