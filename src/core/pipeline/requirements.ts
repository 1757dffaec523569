/** What COD needs from the data (METHOD.md §13): the refusal thresholds and the warnings every result carries. */
import type { Features } from './features.ts';
import type { Benchmark, Study } from '../study/study.ts';
import type { TargetSpec } from '../study/types.ts';

/** Below these, COD is refused and the end-to-end fit is offered instead. */
export const MIN_LADDER = 4;
export const MIN_QUESTIONS = 200;

/** Why COD cannot run on this benchmark (too few ladder models or questions, nothing solved), or null. */
export function codRefusal(f: Features, questions: number): string | null {
  if (questions === 0) {
    return 'this benchmark has only full-set metrics: COD needs per-question results (lm-eval --log_samples)';
  }
  const distinct = new Set(f.ladder.map((l) => l.flops)).size;
  if (distinct < MIN_LADDER) {
    return `COD needs at least ${MIN_LADDER} ladder models of distinct compute; this benchmark has ${distinct}`;
  }
  if (questions < MIN_QUESTIONS) {
    return `COD needs at least ${MIN_QUESTIONS} questions for stable clusters; this benchmark has ${questions}`;
  }
  return f.X.n === 0 ? 'no ladder model solved any question of this benchmark' : null;
}

/** The data requirements of METHOD.md §13 as warnings attached to every result. */
export function dataWarnings(
  study: Study,
  bench: Benchmark,
  f: Features,
  full: number[],
  target: TargetSpec,
): string[] {
  const w: string[] = [];
  const d = f.ladder.length;
  if (d > 0 && d < 8) w.push(`only ${d} ladder models: COD is most reliable with 8 or more`);
  let maxTrials = 0;
  let graded = false;
  for (const m of f.columns) {
    for (let q = 0; q < bench.questions.length; q++) {
      const i = q * bench.models.length + m;
      maxTrials = Math.max(maxTrials, bench.trials[i]);
      // A single run can still give a graded score (the gold choice's probability of a multiple-choice log).
      if (bench.scores[i] > 0 && bench.scores[i] < 1) graded = true;
    }
  }
  const smoothed = f.smoothing ? ' (here they are smoothed by an item-response fit first)' : '';
  if (d > 0 && maxTrials <= 1) {
    if (!graded)
      w.push(
        'every ladder score is a single 0/1 trial: COD needs pass rates from repeated sampling (e.g. 100 samples)' +
          smoothed,
      );
  } else if (d > 0 && maxTrials < 30) {
    w.push(
      `ladder pass rates come from at most ${maxTrials} samples per question: their noise blurs the difficulty ` +
        `clusters (more outliers, a smaller predictable subset); the paper used 100 samples${smoothed}`,
    );
  }
  for (let m = 1; m < d; m++) {
    if (full[m] < full[m - 1] - 0.02) {
      w.push(
        `the ladder is not monotone: ${f.ladder[m].model} scores ${(full[m] * 100).toFixed(1)}% below ` +
          `${f.ladder[m - 1].model}'s ${(full[m - 1] * 100).toFixed(1)}% with more compute`,
      );
      break;
    }
  }
  if (d > 0 && full[d - 1] < 0.05) {
    w.push(
      `the largest ladder model scores ${(full[d - 1] * 100).toFixed(1)}%: near-zero pass rates extrapolate poorly`,
    );
  }
  if (d > 0) {
    const top = f.ladder[d - 1].flops;
    const ratio = target.flops / top;
    if (ratio < 1) w.push(`the target's compute is below the largest ladder model's (${ratio.toFixed(2)}×)`);
    else if (ratio > 25)
      w.push(`extrapolating ${ratio.toFixed(0)}× beyond the largest ladder model (more than 25×)`);
  }
  return w;
}
