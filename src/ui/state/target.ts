import { parsePlannedRun } from '../../core/compute/index.ts';
import { findModel, type Study } from '../../core/study/study.ts';
import { resolveTarget as resolveStudyTarget, TargetError } from '../../core/study/target.ts';
import type { TargetSpec } from '../../core/study/types.ts';
import type { TargetChoice } from '../../core/session/schema.ts';

/** The target as the pipeline needs it, or why there is none. */
export function resolveTarget(
  study: Study,
  choice: TargetChoice | null,
): { spec: TargetSpec | null; error: string | null } {
  if (!choice) return { spec: null, error: 'Choose a target model or type a planned run.' };
  if (choice.kind === 'planned') {
    try {
      return { spec: { name: choice.text.trim(), flops: parsePlannedRun(choice.text).flops }, error: null };
    } catch (e) {
      return { spec: null, error: (e as Error).message };
    }
  }
  if (!findModel(study, choice.name))
    return { spec: null, error: `Model "${choice.name}" is not in the study.` };
  try {
    return { spec: resolveStudyTarget(study, choice.name, choice.flops), error: null };
  } catch (e) {
    if (e instanceof TargetError && e.reason === 'no-compute')
      return { spec: null, error: `Give "${choice.name}" a training compute to predict it.` };
    throw e;
  }
}
