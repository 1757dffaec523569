/** Comlink face of the compute engine: the COD pipeline, the baselines and the example study, off the page's thread. */
import { expose } from 'comlink';
import type { Study } from '../src/core/study/study.ts';
import { exampleStudy } from '../src/core/simulate/simulate.ts';
import {
  DEFAULT_PARAMS,
  PAPER_PARAMS,
  clusterFeatures,
  defaultTarget,
  predictBenchmark,
} from '../src/core/pipeline/predict.ts';
import { plotData } from '../src/ui/state/curves.ts';
import { ComputeEngine, type ComputeProgress, type ComputeRequest } from '../src/ui/state/engine.ts';

// import.meta.glob keeps the baselines optional and in their own chunk, loaded on first use.
const baselineModules = import.meta.glob<{ runBaselines: (...a: never[]) => unknown }>(
  '../src/core/methods/baselines/index.ts',
);

const engine = new ComputeEngine({
  clusterFeatures,
  predictBenchmark,
  plotData,
  runBaselines: async () => {
    const load = Object.values(baselineModules)[0];
    return load ? ((await load()).runBaselines as never) : null;
  },
});

const api = {
  example(): Study {
    return exampleStudy();
  },
  defaults() {
    return { product: DEFAULT_PARAMS, paper: PAPER_PARAMS };
  },
  defaultTarget(study: Study) {
    return defaultTarget(study);
  },
  setStudy(study: Study, version: number): void {
    engine.setStudy(study, version);
  },
  async run(req: ComputeRequest, onProgress?: (p: ComputeProgress) => void) {
    // Copied, not transferred: the engine keeps the difficulty view cached for the next request.
    return engine.run(req, onProgress);
  },
  cancel(requestId: number): void {
    engine.cancel(requestId);
  },
};

export type Api = typeof api;
expose(api);
