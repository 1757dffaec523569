/** The one resolution of a prediction target: a study model, or a planned run given by its compute. */
import { findModel, type Study } from './study.ts';
import type { TargetSpec } from './types.ts';

/** Why a target could not be resolved: 'unknown' (no such model and no compute given) or 'no-compute'. */
export class TargetError extends Error {
  constructor(
    readonly reason: 'unknown' | 'no-compute',
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/**
 * The target as the pipeline needs it: the study model `name` with its compute, or `flops` (FLOPs) when given (a
 * planned run, or a model whose compute is overridden). Throws a TargetError naming the target.
 */
export function resolveTarget(study: Study, name: string, flops?: number): TargetSpec {
  const model = findModel(study, name);
  const f = flops ?? model?.flops;
  if (!model && f === undefined) throw new TargetError('unknown', `"${name}" is not a model of the study`);
  if (!(f !== undefined && f > 0))
    throw new TargetError('no-compute', `the target "${name}" has no training compute`);
  return { name, flops: f };
}
