/** Edits that take data out of a study (a removed file, a removed model). */
import type { Study } from './study.ts';

/**
 * The study without the score columns and full-set metrics for which `drop(model, benchmark)` is true.
 * Benchmarks left with no model leave too; the model list is unchanged (the caller decides who stays).
 */
export function withoutData(study: Study, drop: (model: string, benchmark: string) => boolean): Study {
  const benchmarks = study.benchmarks.flatMap((b) => {
    const cols = b.models.flatMap((m, i) => (drop(m, b.name) ? [] : [i]));
    if (cols.length === b.models.length) return [b];
    if (!cols.length) return [];
    const nm = b.models.length;
    const nq = b.questions.length;
    const scores = new Float64Array(nq * cols.length);
    const trials = new Uint32Array(nq * cols.length);
    for (let q = 0; q < nq; q++) {
      cols.forEach((c, j) => {
        scores[q * cols.length + j] = b.scores[q * nm + c];
        trials[q * cols.length + j] = b.trials[q * nm + c];
      });
    }
    return [{ ...b, models: cols.map((c) => b.models[c]), scores, trials }];
  });
  return { ...study, benchmarks, metrics: study.metrics.filter((m) => !drop(m.model, m.benchmark)) };
}
