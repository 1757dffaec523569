/**
 * The sweep workers' predictor: COD through the page's compute engine (the staged pipeline behind its caches), so the
 * points one worker runs share features, clusterings and, through one LawFitMemo, the fits of identical clusters.
 * Results equal `predict` for the same study, target and parameters.
 */
import type { Predictor } from '../src/core/evaluate/sweep.ts';
import { fitClusters, LawFitMemo } from '../src/core/pipeline/clusterfit.ts';
import { ComputeEngine } from '../src/core/pipeline/engine.ts';
import type { PipelineStages } from '../src/core/pipeline/stages.ts';
import type { Study } from '../src/core/study/study.ts';

export interface CachedPredictor {
  predict: Predictor;
  engine: ComputeEngine;
}

/**
 * A predictor over one study, held once: `predict`'s study argument is not read (for the proxy it is a copy made per
 * point with the same content). `stages` replaces stage functions, e.g. to count calls in tests.
 */
export function cachedPredictor(
  study: Study,
  version: number,
  memo: LawFitMemo = new LawFitMemo(),
  stages: Partial<
    Pick<PipelineStages, 'computeFeatures' | 'clusterFeatures' | 'classifyBenchmark' | 'mapBenchmark'>
  > = {},
): CachedPredictor {
  const engine = new ComputeEngine({
    stages: { ...stages, fitClusters: (f, c, p) => fitClusters(f, c, p, memo) },
    yieldNow: async () => {},
    cacheLimit: 4096,
  });
  engine.setStudy(study, version);
  let requests = 0;
  const predict: Predictor = async (_study, target, params) => {
    const r = await engine.run({ requestId: ++requests, target, params, benchmark: null, baselines: false });
    if (!r.cod || r.errors.length)
      throw new Error(r.errors.map((e) => `${e.benchmark || 'study'}: ${e.message}`).join('; ') || r.status);
    return r.cod;
  };
  return { predict, engine };
}
