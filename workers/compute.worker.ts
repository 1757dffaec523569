/** Compute worker: Comlink wiring only; the work is the ComputeEngine of src/core/pipeline. */
import { expose } from 'comlink';
import { ComputeEngine } from '../src/core/pipeline/engine.ts';
import { defaultTarget } from '../src/core/pipeline/predict.ts';
import { exampleStudy } from '../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS, PAPER_PARAMS } from '../src/core/study/params.ts';
import type { Study } from '../src/core/study/study.ts';
import type { ComputeApi } from './protocol.ts';

// import.meta.glob keeps the baselines and the default method optional and in their own chunks, loaded on first use.
const baselineModules = import.meta.glob<{ runBaselines: (...a: never[]) => unknown }>(
  '../src/core/methods/baselines/index.ts',
);

const defaultModules = import.meta.glob<{ defaultSteps: (...a: never[]) => unknown }>(
  '../src/core/methods/default-steps.ts',
);

const engine = new ComputeEngine({
  runBaselines: async () => {
    const load = Object.values(baselineModules)[0];
    return load ? ((await load()).runBaselines as never) : null;
  },
  defaultSteps: async () => {
    const load = Object.values(defaultModules)[0];
    return load ? ((await load()).defaultSteps as never) : null;
  },
});

let example: Study | null = null;
const theExample = (): Study => (example ??= exampleStudy());

const api: ComputeApi = {
  example: theExample,
  useExample: (version) => engine.setStudy(theExample(), version),
  defaults: () => ({ product: DEFAULT_PARAMS, paper: PAPER_PARAMS }),
  defaultTarget: (study) => defaultTarget(study),
  setStudy: (study, version) => engine.setStudy(study, version),
  // Copied, not transferred: the engine keeps the difficulty view cached for the next request.
  run: (req, onProgress) => engine.run(req, onProgress),
  cancel: (requestId) => engine.cancel(requestId),
};

export type Api = ComputeApi;
expose(api);
