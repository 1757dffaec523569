import type { PredictResult, TargetSpec } from '../../study/types.ts';
import type { Benchmark, Study } from '../../study/study.ts';
import { lineFit, refused, type FitPoint, type Outcome } from './common.ts';
import { perBenchmark } from './endtoend.ts';
import { fitIrt, irtDegenerate, type IrtData } from './irt-fit.ts';

const Z95 = 1.96;

/**
 * Most questions whose posteriors are taken: above, an even stride of the benchmark's questions stands for it (the
 * mean over 20,000 of them is within a few tenths of a point of the whole's, and the interval counts that error),
 * which keeps a 100,000-question benchmark to about a second.
 */
const MAX_QUESTIONS = 20_000;

/** The fitting points' per-question pass rates and samples (of an even stride of questions), as the fitter reads them. */
function irtData(bench: Benchmark, points: FitPoint[]): IrtData {
  const nm = bench.models.length;
  const m = points.length;
  const stride = Math.ceil(bench.questions.length / MAX_QUESTIONS);
  const nq = Math.ceil(bench.questions.length / stride);
  const scores = new Float64Array(nq * m);
  const trials = new Float64Array(nq * m);
  for (let i = 0; i < nq; i++) {
    const q = i * stride;
    for (let j = 0; j < m; j++) {
      scores[i * m + j] = bench.scores[q * nm + points[j].column];
      trials[i * m + j] = bench.trials[q * nm + points[j].column];
    }
  }
  return { flops: points.map((p) => p.flops), scores, trials };
}

/**
 * The full-set score from a mean pass rate (both in [0,1]): the identity when the ladder's full-set scores are its
 * mean pass rates, else the least-squares line of full-set score on mean pass rate over the ladder.
 */
function toFullSet(points: FitPoint[]): { map: (v: number) => number; note: string | null } {
  const differs = points.some((p) => Math.abs(p.full - p.passRate) > 1e-9);
  if (!differs) return { map: (v) => v, note: null };
  const line = lineFit(
    points.map((p) => p.passRate),
    points.map((p) => p.full),
  );
  if (line.sxx <= 0) {
    const shift = points[0].full - points[0].passRate;
    return { map: (v) => v + shift, note: 'full-set metric from the mean pass rate by the ladder’s offset' };
  }
  return {
    map: (v) => line.intercept + line.slope * v,
    note: `full-set metric = ${line.intercept.toFixed(3)} + ${line.slope.toFixed(3)} × mean pass rate (ladder fit)`,
  };
}

/** The curvatures a prediction was averaged over, with their weights, when there are several. */
function bendsText(weights: { curvature: number; weight: number }[] | undefined): string {
  if (!weights || weights.length < 2) return '';
  const parts = weights.map((w) => `${w.curvature} (${(w.weight * 100).toFixed(0)}%)`);
  return ` (the prediction averaged over ${parts.join(', ')} by marginal likelihood)`;
}

function irtOutcome(bench: Benchmark, points: FitPoint[], target: TargetSpec): Outcome {
  if (new Set(points.map((p) => p.flops)).size < 2)
    return refused('an item-response fit needs at least 2 ladder models of distinct compute');
  const data = irtData(bench, points);
  const why = irtDegenerate(data);
  if (why) return refused(`no signal for an item-response fit: ${why}`);
  const fit = fitIrt(data, { at: target.flops, curvature: 'average' });
  const at = fit.at as NonNullable<typeof fit.at>;
  const questions = fit.used;
  const sampling = Math.sqrt((at.value * (1 - at.value)) / Math.max(1, questions));
  const half = Z95 * Math.sqrt(at.sd ** 2 + sampling ** 2);
  const { map, note } = toFullSet(points);
  const [mc, ma] = fit.mu;
  const sampled = questions < bench.questions.length ? ` (an even sample of ${bench.questions.length})` : '';
  const warnings = [
    `item-response fit over ${questions} questions${sampled}: guess floor ${fit.guess}, ability curvature ` +
      `${fit.curvature} per decade²${bendsText(fit.curvatureWeights)}, population slope ` +
      `${ma.toFixed(2)} ± ${Math.sqrt(fit.sigma[2]).toFixed(2)} logits per decade, intercept ${mc.toFixed(2)} ± ` +
      `${Math.sqrt(fit.sigma[0]).toFixed(2)}; EM ${fit.converged ? 'converged' : 'did not converge'} in ` +
      `${fit.iterations} iterations`,
    ...(note ? [note] : []),
    ...(points.length < 3 ? ['two ladder models: per-question slopes rest on the population prior'] : []),
  ];
  return {
    status: 'ok',
    predicted: map(at.value),
    low: map(at.value - half),
    high: map(at.value + half),
    warnings,
    points: points.map((p) => ({ flops: p.flops, y: p.full })),
  };
}

/**
 * IRT: a two-parameter item-response model fitted to the ladder's per-question pass rates (ability quadratic in
 * log-compute, per-question difficulty and discrimination shrunk toward the population by empirical Bayes, the guess
 * floor chosen by the evidence), evaluated at the target's compute (FLOPs) and averaged over the questions, then
 * over the ability curve's curvatures weighted by their marginal likelihood; the full-set score in [0,1] with a 95%
 * interval.
 */
export function itemResponse(study: Study, target: TargetSpec): PredictResult {
  return perBenchmark(study, target, 'irt', (_s, bench, points) =>
    bench.questions.length
      ? irtOutcome(bench, points, target)
      : refused('needs per-question pass rates; this benchmark has only full-set metrics'),
  );
}
