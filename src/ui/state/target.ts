import { parsePlannedRun } from '../../core/compute/compute.ts';
import { findModel, type Study } from '../../core/study/study.ts';
import type { TargetSpec } from '../../core/study/types.ts';
import type { TargetChoice } from './schema.ts';

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
  const m = findModel(study, choice.name);
  if (!m) return { spec: null, error: `Model "${choice.name}" is not in the study.` };
  const flops = choice.flops ?? m.flops;
  if (!(flops && flops > 0))
    return { spec: null, error: `Give "${choice.name}" a training compute to predict it.` };
  return { spec: { name: m.name, flops }, error: null };
}
