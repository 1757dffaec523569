import type { Study } from '../../study/study.ts';
import type { PredictResult, TargetSpec } from '../../study/types.ts';
import type { BaselineId } from '../catalogue.ts';
import { endToEndBnsl, endToEndExp, endToEndGpt4, endToEndPassRate, largestLadder } from './endtoend.ts';
import { flpM, lossIntermediate } from './flp.ts';
import { itemResponse } from './irt.ts';
import { endToEndSigmoid } from './sigmoid.ts';

export { endToEndBnsl, endToEndExp, endToEndGpt4, endToEndPassRate, largestLadder } from './endtoend.ts';
export type { EndToEndExpOptions } from './endtoend.ts';
export { flpM, lossIntermediate, fitLossLaw } from './flp.ts';
export { endToEndSigmoid, fitSigmoid, sigmoidAt } from './sigmoid.ts';
export { itemResponse } from './irt.ts';
export { fitIrt, irtDegenerate, irtMeanAt, GUESS_GRID } from './irt-fit.ts';
export type { IrtData, IrtFit, IrtOptions } from './irt-fit.ts';
export type { FlpOptions, FlpMOptions } from './flp.ts';
export { trainMlp, mlpEval } from './mlp.ts';

/** How each catalogued baseline runs; the type makes a catalogued baseline without a runner a compile error. */
export const BASELINE_RUNNERS: Record<BaselineId, (study: Study, target: TargetSpec) => PredictResult> = {
  'e2e-exp': (s, t) => endToEndExp(s, t),
  'e2e-passrate': endToEndPassRate,
  'e2e-gpt4': endToEndGpt4,
  'e2e-sigmoid': endToEndSigmoid,
  bnsl: endToEndBnsl,
  irt: itemResponse,
  loss: (s, t) => lossIntermediate(s, t),
  'flp-m': (s, t) => flpM(s, t),
  largest: largestLadder,
};

/** Ids of the baselines the paper compares COD against (METHOD.md §8), plus the naive 'largest'. */
export const BASELINE_METHODS: readonly string[] = Object.keys(BASELINE_RUNNERS);

/**
 * Runs the baselines (all by default) for one target (compute in FLOPs); one PredictResult per method, each with a
 * prediction per benchmark in [0,1]. Throws on an unknown method id, naming the known ones.
 */
export function runBaselines(
  study: Study,
  target: TargetSpec,
  methods: string[] = [...BASELINE_METHODS],
): PredictResult[] {
  return methods.map((m) => {
    const run = Object.hasOwn(BASELINE_RUNNERS, m) ? BASELINE_RUNNERS[m as BaselineId] : undefined;
    if (!run) throw new Error(`unknown baseline "${m}"; known: ${BASELINE_METHODS.join(', ')}`);
    return run(study, target);
  });
}
