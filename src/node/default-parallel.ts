/**
 * The default method over several CPU cores: its runs (every candidate on the study, then each self-backtest's) are
 * independent, so they go over the worker threads of parallel.ts; the first starts while the others are planned.
 * Same result as `predictDefault`, bit for bit.
 */
import { availableParallelism } from 'node:os';
import { planDefault, type DefaultOptions } from '../core/methods/default.ts';
import type { Study } from '../core/study/study.ts';
import type { PredictResult, TargetSpec } from '../core/study/types.ts';
import { candidateQueue } from './parallel.ts';

/** `predictDefault` with its runs spread over up to `threads` worker threads (default: the machine's cores). */
export async function predictDefaultInParallel(
  study: Study,
  target: TargetSpec,
  options: DefaultOptions = {},
  threads = availableParallelism(),
): Promise<PredictResult> {
  const plan = planDefault(study, target, options);
  const submit = candidateQueue(threads);
  const direct = submit(plan.direct);
  const rest = plan.selfBacktests().map(submit);
  return plan.finish(await Promise.all([direct, ...rest]));
}
