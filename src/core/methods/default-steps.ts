/**
 * The default method run by a long-lived caller (the page's compute worker), one run at a time: every run shares
 * the caller's stage cache, so a later request on the same study reuses the self-backtests' clusterings, fits and
 * baselines, and the caller may stop between runs (a newer request supersedes this one).
 */
import type { StageCache } from '../pipeline/cache.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../study/types.ts';
import type { Study } from '../study/study.ts';
import { planDefault } from './default.ts';
import { runCandidateRun } from './evidence.ts';

/**
 * Yields the share of the default's runs done (in (0,1]) after each run and returns its prediction: the same as
 * `predictDefault(study, target, { params })`. Scores in [0,1], compute in FLOPs.
 */
export function* defaultSteps(
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  cache: StageCache,
): Generator<number, PredictResult> {
  const plan = planDefault(study, target, { params, cache });
  const results: PredictResult[][] = [runCandidateRun(plan.direct, cache)];
  const rest = plan.selfBacktests();
  yield 1 / (rest.length + 1);
  for (const run of rest) {
    results.push(runCandidateRun(run, cache));
    yield results.length / (rest.length + 1);
  }
  return plan.finish(results);
}
