/**
 * The one staged COD pipeline: prepare (target exclusion, metric-only benchmarks) → features → clustering → fits →
 * classes (the predictable subset at the target) → mapping (the subset→full step and the prediction). Each stage is a pure function of its inputs; `Pipeline` runs them behind
 * one StageCache keyed by exactly those inputs (the study's identity and the parameters of the stage and earlier
 * ones, see stageKey in study/params.ts). `predict`, the backtests, the ablations, the page's compute engine, the node
 * worker pool and sweeps all run COD through it.
 */
import type { Clustering } from '../cluster/index.ts';
import { clusterKey, stageKey, stageParamKeys } from '../study/params.ts';
import { excludeTarget, withMetricBenchmarks, type Study } from '../study/study.ts';
import type { BenchmarkPrediction, PredictParams, PredictResult, TargetSpec } from '../study/types.ts';
import { mapBenchmark } from './benchmark.ts';
import { StageCache } from './cache.ts';
import { classifyBenchmark, type Classified } from './classes.ts';
import { fitClusters, type ClusterFit } from './clusterfit.ts';
import { clusterFeatures, clusteringRadius, clustersByRadius } from './clustering.ts';
import { computeFeatures, type Features } from './features.ts';
import { bandwidthSampleSeed, sampledBandwidthEstimate, usesGridSeeds } from './seeding.ts';

/** The stage functions; tests replace them to count calls. */
export interface PipelineStages {
  computeFeatures: typeof computeFeatures;
  clusterFeatures: typeof clusterFeatures;
  fitClusters: typeof fitClusters;
  classifyBenchmark: typeof classifyBenchmark;
  mapBenchmark: typeof mapBenchmark;
}

export const PIPELINE_STAGES: PipelineStages = {
  computeFeatures,
  clusterFeatures,
  fitClusters,
  classifyBenchmark,
  mapBenchmark,
};

/** A study prepared for one target: the target left out of the ladder, metric-only benchmarks added. */
export interface Prepared {
  study: Study;
  /** Cache identity of the prepared study: the input study's identity and the model left out ('' for none). */
  key: string;
}

const identities = new WeakMap<Study, number>();
let nextIdentity = 1;

/** A number naming this study object for cache keys; a changed study is a new object, hence a new identity. */
export function studyIdentity(study: Study): number {
  let id = identities.get(study);
  if (id === undefined) identities.set(study, (id = nextIdentity++));
  return id;
}

/** The prepare stage: the target's results never enter features or fits; metric-only benchmarks get a COD row. */
export function prepareStudy(study: Study, target: TargetSpec): Study {
  return withMetricBenchmarks(excludeTarget(study, target));
}

/** A stage's cache key for one benchmark and target: the stage's parameters and the target's name and compute. */
const targetKey = (
  stage: 'classes' | 'mapping',
  benchmark: string,
  target: TargetSpec,
  params: PredictParams,
) => stageKey(stage, benchmark, params) + JSON.stringify([target.name, target.flops]);

/** The parameters of the fit stage that the clustering does not read (the law and the bound on c). */
const FIT_ONLY_KEYS = stageParamKeys('fit').filter((k) => !stageParamKeys('cluster').includes(k));

/** The parameters estimate_bandwidth reads. */
export type BandwidthParams = Pick<PredictParams, 'passRates' | 'quantile' | 'seeding' | 'seed'>;

export class Pipeline {
  readonly cache: StageCache;
  readonly stages: PipelineStages;

  constructor(options: { cache?: StageCache; stages?: Partial<PipelineStages> } = {}) {
    this.cache = options.cache ?? new StageCache();
    this.stages = { ...PIPELINE_STAGES, ...options.stages };
  }

  prepare(study: Study, target: TargetSpec): Prepared {
    const excluded = excludeTarget(study, target) === study ? '' : target.name;
    const key = JSON.stringify([studyIdentity(study), excluded]);
    return { key, study: this.cache.get('prepare', key, () => prepareStudy(study, target)) };
  }

  /** The difficulty vectors of a benchmark; the pass-rate source is the only parameter they read. */
  features(prep: Prepared, benchmark: string, params: Pick<PredictParams, 'passRates'>): Features {
    return this.cache.get('features', prep.key + JSON.stringify([benchmark, params.passRates]), () =>
      this.stages.computeFeatures(prep.study, benchmark, params.passRates),
    );
  }

  /** estimate_bandwidth of a benchmark's features at quantile Q, on every row or on the seeding's sample of rows. */
  bandwidthEstimate(prep: Prepared, benchmark: string, params: BandwidthParams): number {
    const f = this.features(prep, benchmark, params);
    const X = f.X;
    const sampleSeed = bandwidthSampleSeed(X, params.seeding, params.seed);
    return this.cache.get(
      'bandwidth',
      prep.key + JSON.stringify([benchmark, f.smoothing !== null, params.quantile, sampleSeed]),
      () => sampledBandwidthEstimate(X, params.quantile, sampleSeed),
    );
  }

  /**
   * What a benchmark's clustering is a function of, as a cache key: whether its vectors are smoothed, the radius R, the
   * minimum cluster size and the seeds for the radius algorithms (so quantiles giving the same R, and pass-rate sources
   * giving the same vectors, share one clustering), else every clustering parameter.
   */
  private clusteringIdentity(prep: Prepared, benchmark: string, params: PredictParams): string {
    const f = this.features(prep, benchmark, params);
    if (!clustersByRadius(f, params)) return clusterKey(benchmark, params);
    const R = clusteringRadius(f, params, this.bandwidthEstimate(prep, benchmark, params));
    return JSON.stringify([
      benchmark,
      f.smoothing !== null,
      params.clustering,
      R,
      params.minClusterSize,
      usesGridSeeds(f.X, params.seeding),
    ]);
  }

  clustering(prep: Prepared, benchmark: string, params: PredictParams): Clustering {
    return this.cache.get('cluster', prep.key + clusterKey(benchmark, params), () => {
      const f = this.features(prep, benchmark, params);
      if (!clustersByRadius(f, params)) return this.stages.clusterFeatures(f, params);
      const estimate = this.bandwidthEstimate(prep, benchmark, params);
      const shared = this.cache.get(
        'cluster-radius',
        prep.key + this.clusteringIdentity(prep, benchmark, params),
        () => this.stages.clusterFeatures(f, params, estimate),
      );
      return Object.is(shared.info.bandwidthEstimate, estimate)
        ? shared
        : { ...shared, info: { ...shared.info, bandwidthEstimate: estimate } };
    });
  }

  /** True when the clustering of this benchmark under these parameters is cached. */
  hasClustering(prep: Prepared, benchmark: string, params: PredictParams): boolean {
    return this.cache.has('cluster', prep.key + clusterKey(benchmark, params));
  }

  /** The law fits of a benchmark's clusters: shared by the parameters that give the same clustering. */
  fits(prep: Prepared, benchmark: string, params: PredictParams): ClusterFit[] {
    const fitOnly = JSON.stringify(FIT_ONLY_KEYS.map((k) => params[k]));
    return this.cache.get('fit', prep.key + this.clusteringIdentity(prep, benchmark, params) + fitOnly, () =>
      this.stages.fitClusters(
        this.features(prep, benchmark, params),
        this.clustering(prep, benchmark, params),
        params,
      ),
    );
  }

  /** The classes stage: extrapolatable clusters and the predictable subset at the target, or a finished fallback. */
  classes(prep: Prepared, benchmark: string, target: TargetSpec, params: PredictParams): Classified {
    return this.cache.get('classes', prep.key + targetKey('classes', benchmark, target, params), () =>
      this.stages.classifyBenchmark(
        prep.study,
        this.features(prep, benchmark, params),
        this.clustering(prep, benchmark, params),
        target,
        params,
        this.fits(prep, benchmark, params),
      ),
    );
  }

  /** COD's prediction of one benchmark of a prepared study (the mapping stage over the classes stage); scores in [0,1]. */
  benchmark(
    prep: Prepared,
    benchmark: string,
    target: TargetSpec,
    params: PredictParams,
  ): BenchmarkPrediction {
    return this.cache.get('mapping', prep.key + targetKey('mapping', benchmark, target, params), () =>
      this.stages.mapBenchmark(
        prep.study,
        this.features(prep, benchmark, params),
        this.fits(prep, benchmark, params),
        this.classes(prep, benchmark, target, params),
        target,
        params,
      ),
    );
  }

  /** COD on every benchmark of the study (or the named ones) for one target; method 'cod'. */
  run(study: Study, target: TargetSpec, params: PredictParams, only?: readonly string[]): PredictResult {
    const prep = this.prepare(study, target);
    const names = prep.study.benchmarks.map((b) => b.name).filter((n) => !only || only.includes(n));
    const benchmarks = names.map((n) => this.benchmark(prep, n, target, params));
    return { target, method: 'cod', params, benchmarks, warnings: targetWarnings(target) };
  }
}

/** Warnings about the target itself, shared by every method's result. */
export function targetWarnings(target: TargetSpec): string[] {
  return target.flops > 0 ? [] : [`the target "${target.name}" has no training compute`];
}
