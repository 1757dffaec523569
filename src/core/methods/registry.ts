/**
 * The method registry: every catalogued method (COD variants and baselines) with how it runs. `runMethods` is the one
 * router of methods; the CLI, the backtests, the report and the page's lists read the registry.
 */
import { StageCache } from '../pipeline/cache.ts';
import { Pipeline } from '../pipeline/stages.ts';
import { DEFAULT_PARAMS } from '../study/params.ts';
import type { Study } from '../study/study.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../study/types.ts';
import { BASELINE_RUNNERS } from './baselines/index.ts';
import { checkMethodIds, METHOD_CATALOGUE, type EnsembleId, type MethodInfo } from './catalogue.ts';
import { predictDefault } from './default.ts';

export interface Method extends MethodInfo {
  /**
   * Predicts every benchmark of the study for one target (scores in [0,1], compute in FLOPs). COD variants start
   * from `base` and reuse the stages held in `cache`; baselines ignore both.
   */
  run(study: Study, target: TargetSpec, base?: PredictParams, cache?: StageCache): PredictResult;
}

/** A result relabelled as another method's (COD variants all run the pipeline as 'cod'). */
export function asMethod(r: PredictResult, method: string): PredictResult {
  return { ...r, method, benchmarks: r.benchmarks.map((b) => ({ ...b, method })) };
}

/** How each catalogued ensemble runs from the base parameters. */
const ENSEMBLE_RUNNERS: Record<EnsembleId, Method['run']> = {
  default: (study, target, base = DEFAULT_PARAMS) => predictDefault(study, target, { params: base }),
};

function runnerOf(info: MethodInfo): Method['run'] {
  if (info.kind === 'ensemble') return ENSEMBLE_RUNNERS[info.id as EnsembleId];
  if (info.variant) {
    const variant = info.variant;
    return (study, target, base = DEFAULT_PARAMS, cache) =>
      asMethod(new Pipeline({ cache }).run(study, target, variant(base)), info.id);
  }
  const run = BASELINE_RUNNERS[info.id as keyof typeof BASELINE_RUNNERS];
  return (study, target) => run(study, target);
}

export const METHODS: readonly Method[] = METHOD_CATALOGUE.map((info) => ({ ...info, run: runnerOf(info) }));

const byId = new Map(METHODS.map((m) => [m.id, m]));

/** The method of an id; throws naming the known ones. */
export function getMethod(id: string): Method {
  checkMethodIds([id]);
  return byId.get(id) as Method;
}

/**
 * Runs the named methods for one target, in the order given; COD variants start from `base` and share one cache,
 * so features and clusterings are computed once per distinct setting. Throws on an unknown id.
 */
export function runMethods(
  study: Study,
  target: TargetSpec,
  methods: readonly string[],
  base: PredictParams = DEFAULT_PARAMS,
  cache: StageCache = new StageCache(),
): PredictResult[] {
  checkMethodIds(methods);
  return methods.map((m) => getMethod(m).run(study, target, base, cache));
}
