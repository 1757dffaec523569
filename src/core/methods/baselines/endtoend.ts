import { fitLaw, lawInterval, LAWS, toLawUnits } from '../../fit/index.ts';
import { DEFAULT_PARAMS } from '../../study/params.ts';
import { excludeTarget, withMetricBenchmarks, type Benchmark, type Study } from '../../study/study.ts';
import type { LawName, PredictResult, TargetSpec } from '../../study/types.ts';
import {
  actualScore,
  benchmarkResult,
  fitPoints,
  lawC,
  noSignal,
  refused,
  type FitPoint,
  type Outcome,
} from './common.ts';

const METRICS_ONLY = 'needs per-question pass rates; this benchmark has only full-set metrics';

/**
 * Runs `fn` on every benchmark of the study (target excluded from the fit) and wraps the outcomes. A pass-rate method
 * (`passRateActual`) is compared with the target's mean pass rate and refused on benchmarks without questions.
 */
export function perBenchmark(
  study: Study,
  target: TargetSpec,
  method: string,
  fn: (study: Study, bench: Benchmark, points: FitPoint[]) => Outcome,
  passRateActual = false,
): PredictResult {
  const s = withMetricBenchmarks(excludeTarget(study, target));
  // A pass-rate method has nothing to fit on a benchmark known only from full-set metrics.
  const outcome = (b: Benchmark) =>
    passRateActual && !b.questions.length ? refused(METRICS_ONLY) : fn(s, b, fitPoints(s, b));
  const benchmarks = s.benchmarks.map((b) =>
    benchmarkResult(method, b.name, actualScore(s, b, target, passRateActual), outcome(b)),
  );
  const warnings = target.flops > 0 ? [] : [`the target "${target.name}" has no training compute`];
  return { target, method, params: DEFAULT_PARAMS, benchmarks, warnings };
}

/** Fits a law to (FLOPs, score) points and evaluates it at the target's compute (FLOPs), with a 95% interval. */
function lawOutcome(
  law: LawName,
  points: { flops: number; y: number }[],
  targetFlops: number,
  bounds?: { lower: number[]; upper: number[] },
): Outcome {
  const flat = noSignal(points.map((p) => p.y));
  if (flat) return flat;
  const fit = fitLaw(
    law,
    lawC(points),
    points.map((p) => p.y),
    bounds ?? {},
  );
  if (!fit.converged && !fit.params.every(Number.isFinite)) {
    return { ...refused(`the ${law} fit failed: ${fit.reason ?? 'no usable optimum'}`), fit, points };
  }
  const at = lawInterval(fit, toLawUnits(targetFlops));
  const warnings: string[] = [];
  if (!fit.converged) warnings.push(`the ${law} fit did not converge${fit.reason ? `: ${fit.reason}` : ''}`);
  if (at.note) warnings.push(at.note);
  if (!Number.isFinite(at.value))
    return { ...refused(`the ${law} fit has no finite value at the target`), fit, points };
  return { status: 'ok', predicted: at.value, low: at.low, high: at.high, warnings, fit, points };
}

function needPoints(points: FitPoint[], law: LawName): string | null {
  const n = LAWS[law].paramNames.length;
  const distinct = new Set(points.map((p) => p.flops)).size;
  return distinct < n
    ? `law ${law} has ${n} parameters but only ${distinct} ladder/anchor models of distinct compute have scores`
    : null;
}

export interface EndToEndExpOptions {
  /** The COD law (default) or an ablation form f1, f2, f3. */
  law?: Exclude<LawName, 'bnsl'>;
  /** Lower bound on c (laws with c): 0 by default, −1 lets it go negative as the paper's fits may. */
  cLower?: number;
}

/** End-to-end (exp): the COD law fitted to the whole benchmark's full-set score (in [0,1]) against compute. */
export function endToEndExp(
  study: Study,
  target: TargetSpec,
  options: EndToEndExpOptions = {},
): PredictResult {
  const law = options.law ?? 'cod';
  const lower = [...LAWS[law].defaultBounds.lower];
  const ci = LAWS[law].paramNames.indexOf('c');
  if (ci >= 0) lower[ci] = options.cLower ?? 0;
  const bounds = { lower, upper: LAWS[law].defaultBounds.upper };
  return perBenchmark(study, target, 'e2e-exp', (_s, _b, points) => {
    const why = needPoints(points, law);
    if (why) {
      // A short ladder still gets the two-parameter form exp(−a·C^−b) on the full-set score.
      if (needPoints(points, 'f3')) return refused(why);
      const o = lawOutcome(
        'f3',
        points.map((p) => ({ flops: p.flops, y: p.full })),
        target.flops,
      );
      return { ...o, warnings: [`${why}: fitted the two-parameter form exp(−a·C^−b)`, ...o.warnings] };
    }
    return lawOutcome(
      law,
      points.map((p) => ({ flops: p.flops, y: p.full })),
      target.flops,
      bounds,
    );
  });
}

/** End-to-end (pass rate): exp(−a·C^−b) on the mean pass rate; compared with the target's mean pass rate. */
export function endToEndPassRate(study: Study, target: TargetSpec): PredictResult {
  return perBenchmark(
    study,
    target,
    'e2e-passrate',
    (_s, _b, points) =>
      fitOrRefuse(
        'f3',
        points.filter((p) => Number.isFinite(p.passRate)),
        (p) => p.passRate,
        target,
      ),
    true,
  );
}

/** `law` fitted to the points' (compute, y) and evaluated at the target's compute, or refused with too few points. */
function fitOrRefuse(
  law: LawName,
  points: FitPoint[],
  y: (p: FitPoint) => number,
  target: TargetSpec,
): Outcome {
  const why = needPoints(points, law);
  if (why) return refused(why);
  return lawOutcome(
    law,
    points.map((p) => ({ flops: p.flops, y: y(p) })),
    target.flops,
  );
}

/**
 * End-to-end (GPT-4 form): −E_P[log pass rate] = α·C^−k on the questions P every fitting model solved at least once,
 * i.e. exp(−α·C^−k) for their geometric-mean pass rate. The other answered questions are held at the largest ladder
 * model's mean pass rate on them (a floor). Compared with the target's mean pass rate.
 */
export function endToEndGpt4(study: Study, target: TargetSpec): PredictResult {
  return perBenchmark(study, target, 'e2e-gpt4', (_s, bench, points) => gpt4Fit(bench, points, target), true);
}

function gpt4Fit(bench: Benchmark, points: FitPoint[], target: TargetSpec): Outcome {
  const why = needPoints(points, 'f3');
  if (why) return refused(why);
  const nm = bench.models.length;
  const inP: number[] = [];
  const rest: number[] = [];
  for (let q = 0; q < bench.questions.length; q++) {
    let all = true;
    let missing = false;
    for (const p of points) {
      const v = bench.scores[q * nm + p.column];
      if (Number.isNaN(v)) missing = true;
      else if (!(v > 0)) all = false;
    }
    if (missing) continue;
    (all ? inP : rest).push(q);
  }
  if (inP.length === 0) return refused('no question was solved at least once by every ladder model');
  const geo = points.map((p) => {
    let s = 0;
    for (const q of inP) s += Math.log(bench.scores[q * nm + p.column]);
    return { flops: p.flops, y: Math.exp(s / inP.length) };
  });
  const o = lawOutcome('f3', geo, target.flops);
  if (o.status === 'refused') return o;
  const top = points.filter((p) => !p.anchor).at(-1) ?? points[points.length - 1];
  let restMean = 0;
  for (const q of rest) restMean += bench.scores[q * nm + top.column];
  restMean = rest.length ? restMean / rest.length : 0;
  const n = inP.length + rest.length;
  const mix = (sub: number) => (inP.length * sub + rest.length * restMean) / n;
  const warnings = [
    ...o.warnings,
    `fitted on the ${inP.length} of ${n} questions every ladder model solved at least once; the rest held at ${top.model}'s pass rate`,
  ];
  return { ...o, predicted: mix(o.predicted), low: mix(o.low), high: mix(o.high), warnings };
}

/** End-to-end (BNSL): a 1-break smoothly broken power law on the error rate 1 − score (grid, then local refinement). */
export function endToEndBnsl(study: Study, target: TargetSpec): PredictResult {
  return perBenchmark(study, target, 'bnsl', (_s, _b, points) =>
    fitOrRefuse('bnsl', points, (p) => p.full, target),
  );
}

/** The naive reference: the largest ladder model's full-set score, with an interval from it up to 1 (it is a floor). */
export function largestLadder(study: Study, target: TargetSpec): PredictResult {
  return perBenchmark(study, target, 'largest', (_s, _b, points) => {
    const ladder = points.filter((p) => !p.anchor);
    if (!ladder.length) return refused('no ladder model has a score on this benchmark');
    const top = ladder[ladder.length - 1];
    return {
      status: 'ok',
      predicted: top.full,
      low: top.full,
      high: 1,
      warnings: [`the score of ${top.model}, the largest ladder model`],
      points: [{ flops: top.flops, y: top.full }],
    };
  });
}
