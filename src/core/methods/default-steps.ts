/**
 * The default method run by a long-lived caller (the page's compute workers), one run at a time: every run shares
 * the caller's stage cache, so a later request on the same study reuses the self-backtests' clusterings, fits and
 * baselines, and the caller may stop between runs (a newer request supersedes this one). Two workers may share the
 * work: one runs COD's share of every run, the other the rest and then finishes with the first one's results.
 */
import type { StageCache } from '../pipeline/cache.ts';
import type { DefaultShare } from '../pipeline/request-parts.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../study/types.ts';
import type { Study } from '../study/study.ts';
import { planDefault } from './default.ts';
import { runCandidateRun, type CandidateRun } from './evidence.ts';

/** The other share's results, per run of the default (direct run first, then the self-backtests'). */
export interface GivenShare {
  share: DefaultShare;
  results: PredictResult[][];
}

const inShare = (share: DefaultShare, candidate: string) => (candidate === 'cod') === (share === 'cod');

function shareOf(run: CandidateRun, share: DefaultShare): CandidateRun {
  return { ...run, candidates: run.candidates.filter((c) => inShare(share, c)) };
}

/** Yields the share of runs done (in (0,1]) after each run and returns the results of each run, in run order. */
function* eachRun(
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  cache: StageCache,
  runOne: (run: CandidateRun, i: number) => PredictResult[],
): Generator<number, { results: PredictResult[][]; plan: ReturnType<typeof planDefault> }> {
  const plan = planDefault(study, target, { params, cache });
  // The direct run first: planning the self-backtests reads what it caches.
  const results: PredictResult[][] = [runOne(plan.direct, 0)];
  const rest = plan.selfBacktests();
  yield 1 / (rest.length + 1);
  for (const run of rest) {
    results.push(runOne(run, results.length));
    yield results.length / (rest.length + 1);
  }
  return { results, plan };
}

/**
 * Yields the share of the default's runs done (in (0,1]) after each run and returns its prediction: the same as
 * `predictDefault(study, target, { params })`. With `given`, that share's candidates come from another worker's
 * `defaultShareSteps` and only the others run here. Scores in [0,1], compute in FLOPs.
 */
export function* defaultSteps(
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  cache: StageCache,
  given?: GivenShare,
): Generator<number, PredictResult> {
  const own: DefaultShare | null = given ? (given.share === 'cod' ? 'rest' : 'cod') : null;
  const { results, plan } = yield* eachRun(study, target, params, cache, (run, i) => {
    if (!given || !own) return runCandidateRun(run, cache);
    const theirs = given.results[i];
    if (!theirs) throw new Error(`the default's ${given.share} share has no result for run ${i + 1}`);
    const mine = runCandidateRun(shareOf(run, own), cache);
    let t = 0;
    let m = 0;
    return run.candidates.map((c) => (inShare(given.share, c) ? theirs[t++] : mine[m++]));
  });
  if (given && given.results.length !== results.length)
    throw new Error(
      `the default's ${given.share} share has ${given.results.length} runs, not ${results.length}`,
    );
  return plan.finish(results);
}

/**
 * Runs only `share`'s candidates in every run of the default, yielding the share of runs done, and returns their
 * results per run, for the worker that finishes the default (`defaultSteps` with `given`).
 */
export function* defaultShareSteps(
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  cache: StageCache,
  share: DefaultShare,
): Generator<number, PredictResult[][]> {
  const { results } = yield* eachRun(study, target, params, cache, (run) =>
    runCandidateRun(shareOf(run, share), cache),
  );
  return results;
}
