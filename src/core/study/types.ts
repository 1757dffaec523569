/**
 * Result shapes shared by the pipeline stages, the baselines, the worker, the CLI and the UI.
 * Everything here is plain data (numbers, strings, arrays, typed arrays) so it crosses Comlink and
 * IndexedDB by structured clone. Scores are fractions in [0,1]; compute is in FLOPs unless a name says otherwise.
 */

export type ClusteringAlgorithm = 'cod' | 'meanshift' | 'kmeans' | 'improved-kmeans' | 'dbscan';
export type LawName = 'cod' | 'f1' | 'f2' | 'f3' | 'bnsl';
export type MappingKind = 'decomposed' | 'monotone' | 'logit' | 'spline' | 'quartic' | 'identity';
/** MeanShift's seeds: every point (scikit-learn's default), a grid (bin_seeding), or the grid only for large benchmarks. */
export type MeanShiftSeeding = 'auto' | 'points' | 'grid';
/** COD's difficulty vectors: raw pass rates, smoothed by an item-response fit, or smoothed when from few samples. */
export type PassRateSource = 'auto' | 'raw' | 'irt';
export type ClusterClass = 'extrapolatable' | 'non-extrapolatable' | 'non-emergent';

/** Every knob of the COD pipeline. `upper: null` means √d/10 with d the number of ladder models. */
export interface PredictParams {
  /** The pass rates the difficulty vectors are made of (see pipeline/smoothing.ts). */
  passRates: PassRateSource;
  clustering: ClusteringAlgorithm;
  /** Bandwidth quantile Q of estimate_bandwidth. */
  quantile: number;
  /** Upper bound U on the MeanShift radius; null = √d/10. */
  upper: number | null;
  /** Minimum cluster size K. */
  minClusterSize: number;
  /** MeanShift's seeds and bandwidth sample (see `seedingPlan` in pipeline/clustering.ts). */
  seeding: MeanShiftSeeding;
  /** k for plain K-means; 0 = choose from the number of questions. */
  kmeansK: number;
  /** DBSCAN radius and minimum neighbours. */
  dbscanEps: number;
  dbscanMinPts: number;
  /** Extrapolatable-cluster thresholds: a > minA, b > minB, minC ≤ c < maxC. */
  minA: number;
  minB: number;
  minC: number;
  maxC: number;
  law: Exclude<LawName, 'bnsl'>;
  /** Lower bound on c in the fit: 0 (product default) or -1 (paper-like, c free below 0). */
  cLower: number;
  mapping: MappingKind;
  /** RMSE threshold T of the spline mapping's knot loop. */
  rmse: number;
  useAnchors: boolean;
  /** Seed for every random choice (K-means starts, bootstrap). */
  seed: number;
}

export interface LawFitSummary {
  law: LawName;
  paramNames: string[];
  params: number[];
  sse: number;
  rmse: number;
  converged: boolean;
  /** Per parameter: true when it ended on a bound. */
  atBounds: boolean[];
  /** Parameter covariance (delta method); null when singular or not estimable. */
  covariance: number[][] | null;
  /** Why the fit is not converged or not usable (e.g. fewer points than parameters). */
  reason?: string;
}

export interface ClusterInfo {
  id: number;
  size: number;
  cls: ClusterClass;
  /** Why it got its class, e.g. "a = 0.4 ≤ 1". */
  reason: string;
  /** Mean pass rate of the cluster's questions per ladder model (ladder order). */
  curve: number[];
  /** MeanShift mode / K-means centre in feature space. */
  center: number[];
  fit: LawFitSummary | null;
  /** Fitted value at the target's compute, with an interval; NaN when there is no fit. */
  predicted: number;
  low: number;
  high: number;
}

export interface LadderPoint {
  model: string;
  flops: number;
  /** Full-set score. */
  full: number;
  /** Score on the predictable subset. */
  subset: number;
}

export interface AnchorPoint extends LadderPoint {
  compatible: boolean;
  reason: string;
}

/** A fitted subset→full mapping, as data; evaluate it with `evalMapping` of mapping.ts. */
export interface MappingModel {
  kind: MappingKind;
  /** Kind-specific representation (knots/coefficients, PCHIP nodes and slopes, …). */
  data: Record<string, number[] | number>;
  rmse: number;
  monotone: boolean;
  warnings: string[];
}

export type PredictionStatus = 'ok' | 'fallback' | 'refused';

/**
 * One benchmark's prediction by one method as tables, exports, sweeps and pinned runs carry it: scores as fractions
 * in [0,1], null when unknown or refused; `error` = |predicted − actual| in points.
 */
export interface PredictionRow {
  benchmark: string;
  method: string;
  predicted: number | null;
  low: number | null;
  high: number | null;
  actual: number | null;
  error: number | null;
  status: PredictionStatus;
}

/** Labels given to questions besides cluster ids. */
export const LABEL_OUTLIER = -1;
export const LABEL_ZERO = -2;
export const LABEL_MISSING = -3;

export interface BenchmarkPrediction {
  benchmark: string;
  method: string;
  status: PredictionStatus;
  predicted: number;
  low: number;
  high: number;
  /** The target's actual full-set score when known, and |predicted − actual| in points (0–100). */
  actual: number | null;
  error: number | null;
  warnings: string[];
  /** COD details; absent for baselines. */
  cod?: CodDetails;
  /** The default method only: the candidates it weighed and why. */
  explanation?: DefaultExplanation;
  /** Baseline details: the fitted law and the points it was fitted on. */
  fit?: LawFitSummary | null;
  points?: { flops: number; y: number }[];
}

/** How the default method chose its prediction on one benchmark (plain data for the page and the CLI). */
export interface DefaultExplanation {
  /** Every candidate: its weight in [0,1], its self-backtest error in points (null without one), its prediction. */
  candidates: { method: string; weight: number; selfError: number | null; predicted: number | null }[];
  /** The weighting rule, in words. */
  rule: string;
  /** Why the ladder cannot support a confident extrapolation here; empty when it can. */
  gate: string[];
}

export interface CodDetails {
  /** Predictable-subset score at the target, with interval. */
  subsetPredicted: number;
  subsetLow: number;
  subsetHigh: number;
  /** The target's actual score on the predictable subset, when known. */
  subsetActual: number | null;
  /** Share of the benchmark's questions in the predictable subset. */
  subsetRatio: number;
  bandwidth: number;
  /** Per question of the benchmark (its row order): cluster id, or a LABEL_* value. */
  labels: Int32Array;
  clusters: ClusterInfo[];
  ladder: LadderPoint[];
  anchors: AnchorPoint[];
  mapping: MappingModel | null;
  counts: { questions: number; zero: number; outliers: number; missing: number; predictable: number };
}

export interface TargetSpec {
  /** A model of the study, or a free name for a planned run. */
  name: string;
  /** Training compute in FLOPs. */
  flops: number;
}

export interface PredictResult {
  target: TargetSpec;
  method: string;
  params: PredictParams;
  benchmarks: BenchmarkPrediction[];
  warnings: string[];
}
