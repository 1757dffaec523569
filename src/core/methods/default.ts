import { runBaselines } from './baselines/index.ts';
import { LAWS } from '../fit/laws.ts';
import { predict } from '../pipeline/predict.ts';
import { DEFAULT_PARAMS } from '../study/params.ts';
import {
  excludeTarget,
  findBenchmark,
  fullSetScore,
  withMetricBenchmarks,
  type Study,
} from '../study/study.ts';
import type {
  BenchmarkPrediction,
  DefaultExplanation,
  PredictParams,
  PredictResult,
  TargetSpec,
} from '../study/types.ts';

/**
 * The methods the default weighs: COD, the end-to-end baselines and the largest ladder model's score. e2e-sigmoid is
 * left out: with it the suite's mean error rose on both the simulated and the real ladders.
 */
export const DEFAULT_CANDIDATES: readonly string[] = ['cod', 'e2e-exp', 'e2e-passrate', 'bnsl', 'largest'];

export interface DefaultOptions {
  params?: PredictParams;
  candidates?: readonly string[];
  /** 'weighted' (inverse squared self-error over the candidates near the best) or 'best' (the best alone). */
  rule?: 'weighted' | 'best';
  /** Multiplier of the 95% half-width (calibrated on the validation suite for 90–98% coverage). */
  widthScale?: number;
  /** Self-errors below this many points count as this: a larger floor spreads the weight more evenly. */
  errorFloor?: number;
  /** Candidates within this factor of the best (floored) self-error share the weight; the rest get none. */
  nearBest?: number;
}

/** Candidates within this factor of the best self-error share the weight; the rest get none. */
const NEAR_BEST = 3;
/** Self-errors below this many points count as this (a floor against one lucky holdout). */
const ERROR_FLOOR = 1;
/**
 * Ladder models a candidate needs to fit the form it uses on the full ladder: with fewer, e2e-exp falls back to the
 * two-parameter exp(−a·C^−b), so a self-backtest on such a short sub-ladder tests another method and does not count.
 */
const FULL_FORM_MODELS: Record<string, number> = { 'e2e-exp': LAWS.cod.paramNames.length };
const WIDTH_SCALE = 1;
/** Extrapolation beyond this many times the largest ladder model's compute is flagged and widened. */
const FAR = 100;

interface Task {
  /** The held-back model and its compute, FLOPs. */
  held: string;
  flops: number;
  /** log(held compute ÷ the largest compute left in the ladder). */
  logDistance: number;
  /** Ladder models (of distinct compute) left to predict from. */
  models: number;
  results: PredictResult[];
}

export function ladderModels(study: Study): { name: string; flops: number }[] {
  const byFlops = new Map<number, string>();
  for (const m of study.models)
    if (m.role === 'ladder' && m.flops && m.flops > 0) byFlops.set(m.flops, m.name);
  return [...byFlops].sort((a, b) => a[0] - b[0]).map(([flops, name]) => ({ name, flops }));
}

export function runCandidates(
  study: Study,
  target: TargetSpec,
  candidates: readonly string[],
  params: PredictParams,
): PredictResult[] {
  const out: PredictResult[] = [];
  for (const m of candidates) {
    if (m === 'cod') {
      const r = predict(study, target, params);
      out.push({ ...r, benchmarks: r.benchmarks.map((b) => ({ ...b, method: 'cod' })) });
    } else out.push(...runBaselines(study, target, [m]));
  }
  return out;
}

/**
 * The ladder's own backtests: hold back the largest ladder model and predict it from the models below (and, with
 * enough models, from the models below the second largest, a longer extrapolation).
 */
function selfBacktests(study: Study, candidates: readonly string[], params: PredictParams): Task[] {
  const ladder = ladderModels(study);
  const n = ladder.length;
  const tasks: Task[] = [];
  if (n < 3) return tasks;
  const top = ladder[n - 1];
  for (const keep of [n - 1, n - 2]) {
    if (keep < 2) continue;
    const cutoff = ladder[keep - 1].flops;
    const sub: Study = {
      ...study,
      models: study.models.map((m) => {
        if (m.name === top.name) return { ...m, role: 'target' };
        if (m.role === 'ladder' && !((m.flops ?? Infinity) <= cutoff)) return { ...m, role: 'ignore' };
        return m;
      }),
    };
    const results = runCandidates(sub, top, candidates, params);
    tasks.push({
      held: top.name,
      flops: top.flops,
      logDistance: Math.log(top.flops / cutoff),
      models: keep,
      results,
    });
  }
  return tasks;
}

interface Scored {
  method: string;
  predicted: number;
  low: number;
  high: number;
  /**
   * Root-mean-square self-backtest error over every benchmark of the study, points; null without a self-backtest
   * prediction on this benchmark.
   */
  selfError: number | null;
  selfErrors: number[];
  weight: number;
}

const finite = (x: number) => Number.isFinite(x);

/** The ladder's full-set scores on one benchmark, by increasing compute, with the questions behind them. */
export function ladderScores(
  study: Study,
  bench: string,
): { y: number[]; questions: number; flops: number[] } {
  const b = findBenchmark(study, bench);
  if (!b) return { y: [], questions: 0, flops: [] };
  const ladder = ladderModels(study).filter((l) => b.models.includes(l.name));
  const y = ladder.map((l) => fullSetScore(study, b, l.name));
  const ok = y.map((v, i) => (finite(v) ? i : -1)).filter((i) => i >= 0);
  return { y: ok.map((i) => y[i]), flops: ok.map((i) => ladder[i].flops), questions: b.questions.length };
}

/**
 * Why the ladder cannot support a confident extrapolation on this benchmark (flat, non-monotone, noisy, too far),
 * as sentences; empty when it can.
 */
export function predictabilityGate(
  y: number[],
  flops: number[],
  questions: number,
  targetFlops: number,
): string[] {
  const out: string[] = [];
  const n = y.length;
  if (n < 2) return ['fewer than two ladder scores'];
  const p = Math.min(0.99, Math.max(0.01, y[n - 1]));
  // Sampling noise of one ladder score (binomial over the questions); a metric-only benchmark assumes 500 questions.
  const noise = Math.sqrt((p * (1 - p)) / Math.max(questions, 500));
  const growth = y[n - 1] - y[0];
  if (growth < Math.max(0.02, 3 * noise))
    out.push(
      `the ladder is flat (${(growth * 100).toFixed(1)} points from the smallest to the largest model): no growth to extrapolate`,
    );
  let drops = 0;
  for (let i = 1; i < n; i++) if (y[i] < y[i - 1] - Math.max(0.01, 2 * noise)) drops++;
  if (drops > 0 && drops >= (n - 1) / 3)
    out.push(`the ladder is not monotone: ${drops} of ${n - 1} steps go down by more than their noise`);
  const distance = targetFlops / flops[n - 1];
  if (distance > FAR)
    out.push(`the target is ${distance.toFixed(0)}× beyond the largest ladder model (more than ${FAR}×)`);
  return out;
}

function combine(
  scored: Scored[],
  rule: 'weighted' | 'best',
  floor: number,
  nearBest: number,
): { rule: string } {
  const withEvidence = scored.filter((s) => s.selfError !== null && finite(s.predicted));
  if (!withEvidence.length) {
    // No self-backtest: trust the candidates that do not need one to be sane, in a fixed order.
    const order = ['e2e-sigmoid', 'e2e-exp', 'e2e-passrate', 'largest'];
    const pick = order.map((m) => scored.find((s) => s.method === m && finite(s.predicted))).find(Boolean);
    if (pick) pick.weight = 1;
    return {
      rule: pick
        ? `the ladder is too short to hold a model back: ${pick.method} by a fixed order of preference`
        : 'no candidate could predict',
    };
  }
  const err = (s: Scored) => Math.max(floor, s.selfError as number);
  const bestErr = Math.min(...withEvidence.map(err));
  if (rule === 'best') {
    const b = withEvidence.find((s) => err(s) === bestErr) as Scored;
    b.weight = 1;
    return { rule: `the candidate with the smallest self-backtest error (${b.method})` };
  }
  const near = withEvidence.filter((s) => err(s) <= nearBest * bestErr);
  const raw = near.map((s) => 1 / err(s) ** 2);
  const total = raw.reduce((a, b) => a + b, 0);
  near.forEach((s, i) => (s.weight = raw[i] / total));
  return {
    rule:
      `weights ∝ 1/error² of the self-backtest (the largest ladder model predicted from the smaller ones, ` +
      `root-mean-square over the study's benchmarks) over the candidates within ${nearBest}× of the best error ` +
      `(errors floored at ${floor} points)`,
  };
}

/**
 * The default prediction: every candidate (COD and the end-to-end baselines) predicts the largest ladder model from
 * the smaller ones; the candidates are weighted by that self-backtest's error over the study's benchmarks (a
 * candidate counts on a benchmark where it predicted every held-back model, with the form it fits on the whole
 * ladder), and the 95% interval is the
 * self-backtest error scaled to the target's extrapolation distance, combined with the candidates' spread and the
 * sampling noise. Flat, non-monotone or too-far ladders are flagged ('fallback' status) and widened. Scores in
 * [0,1], compute in FLOPs. Every benchmark says which candidates it used and why (`explanation`).
 */
export function predictDefault(
  study: Study,
  target: TargetSpec,
  options: DefaultOptions = {},
): PredictResult {
  return predictDefaultWithCandidates(study, target, options).result;
}

/** `predictDefault`, also returning every candidate's own prediction for the target (one result per candidate). */
export function predictDefaultWithCandidates(
  study: Study,
  target: TargetSpec,
  options: DefaultOptions = {},
): { result: PredictResult; candidates: PredictResult[] } {
  const params = options.params ?? DEFAULT_PARAMS;
  const candidates = options.candidates ?? DEFAULT_CANDIDATES;
  const rule = options.rule ?? 'weighted';
  const widthScale = options.widthScale ?? WIDTH_SCALE;
  const floor = options.errorFloor ?? ERROR_FLOOR;
  const nearBest = options.nearBest ?? NEAR_BEST;
  const withTarget = withMetricBenchmarks(study);
  const s = withMetricBenchmarks(excludeTarget(study, target));
  const direct = runCandidates(study, target, candidates, params);
  const tasks = selfBacktests(s, candidates, params);
  const ladderSize = ladderModels(s).length;
  const targetTop = ladderModels(s).at(-1);
  // A task counts for a candidate only if it fitted there the form it fits on the whole ladder.
  const counts = (method: string, t: Task) =>
    !(ladderSize >= (FULL_FORM_MODELS[method] ?? 0) && t.models < (FULL_FORM_MODELS[method] ?? 0));
  const benchNames = direct[0].benchmarks.map((b) => b.benchmark);
  const selfErrorsOf = (c: number, bench: string): number[] => {
    const out: number[] = [];
    for (const t of tasks) {
      if (!counts(candidates[c], t)) continue;
      const tb = t.results[c].benchmarks.find((x) => x.benchmark === bench);
      const sb = findBenchmark(s, bench);
      const actual = sb ? fullSetScore(s, sb, t.held) : NaN;
      if (!tb || tb.status === 'refused' || !finite(tb.predicted) || !finite(actual)) continue;
      out.push(Math.abs(tb.predicted - actual) * 100);
    }
    return out;
  };
  // Per candidate, the root-mean-square self-backtest error over every benchmark: one study, one ranking.
  const studyError = candidates.map((_, c) => {
    const all = benchNames.flatMap((bench) => selfErrorsOf(c, bench));
    return all.length ? Math.sqrt(all.reduce((a, e) => a + e * e, 0) / all.length) : null;
  });
  const logTarget = targetTop ? Math.log(Math.max(1, target.flops / targetTop.flops)) : NaN;

  const benchmarks: BenchmarkPrediction[] = direct[0].benchmarks.map((first) => {
    const bench = first.benchmark;
    const scored: Scored[] = candidates.map((method, c) => {
      const b = direct[c].benchmarks.find((x) => x.benchmark === bench) as BenchmarkPrediction;
      const ok = b.status !== 'refused' && finite(b.predicted);
      const selfErrors = selfErrorsOf(c, bench);
      const complete = selfErrors.length === tasks.length && tasks.length > 0;
      return {
        method,
        predicted: ok ? b.predicted : NaN,
        low: b.low,
        high: b.high,
        selfError: ok && complete ? studyError[c] : null,
        selfErrors,
        weight: 0,
      };
    });
    const { rule: why } = combine(scored, rule, floor, nearBest);
    const used = scored.filter((x) => x.weight > 0);
    const trueActual = targetActual(withTarget, bench, target.name);
    if (!used.length) {
      return {
        benchmark: bench,
        method: 'default',
        status: 'refused',
        predicted: NaN,
        low: NaN,
        high: NaN,
        actual: trueActual,
        error: null,
        warnings: ['no candidate could predict this benchmark'],
        explanation: { candidates: explain(scored), rule: why, gate: [] },
      };
    }
    const predicted = used.reduce((a, x) => a + x.weight * x.predicted, 0);
    // Self-backtest error of the weighted prediction, per task, in points.
    const combined = tasks.map((_, t) => used.reduce((a, x) => a + x.weight * (x.selfErrors[t] ?? 0), 0));
    const selfRms = combined.length
      ? Math.sqrt(combined.reduce((a, e) => a + e * e, 0) / combined.length)
      : NaN;
    const logSelf = tasks.length ? tasks.reduce((a, t) => a + t.logDistance, 0) / tasks.length : NaN;
    const scale = finite(logTarget) && logSelf > 0 ? Math.max(1, logTarget / logSelf) : 3;
    const spread = Math.sqrt(used.reduce((a, x) => a + x.weight * (x.predicted - predicted) ** 2, 0)) * 100;
    const ladder = ladderScores(s, bench);
    const q = Math.max(ladder.questions, 1);
    const noise = ladder.questions ? Math.sqrt((predicted * (1 - predicted)) / q) * 100 : 2;
    const gate = predictabilityGate(ladder.y, ladder.flops, ladder.questions, target.flops);
    const selfPart = finite(selfRms) ? Math.max(selfRms, 0.5) * scale : 5;
    let half = 1.96 * widthScale * Math.sqrt(selfPart ** 2 + spread ** 2 + noise ** 2);
    if (gate.length) half = Math.max(2 * half, 10);
    half /= 100;
    // A flat ladder cannot rule out an emergence between it and the target: the interval reaches 100%.
    const flat = gate.some((g) => g.includes('flat'));
    const warnings = [
      ...gate.map((g) => `not predictable: ${g}; the interval is widened`),
      ...(ladder.y.length > 0 && ladder.y.length < 4
        ? [`only ${ladder.y.length} ladder models: two-parameter fits and the largest model's score only`]
        : []),
      `weighted ${used.map((x) => `${x.method} ${(x.weight * 100).toFixed(0)}%`).join(', ')}`,
    ];
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    const p = clamp(predicted);
    const top = ladder.y.at(-1);
    return {
      benchmark: bench,
      method: 'default',
      status: gate.length ? 'fallback' : 'ok',
      predicted: p,
      low: clamp(Math.min(p - half, top !== undefined && gate.length ? top : Infinity)),
      high: flat ? 1 : clamp(p + half),
      actual: trueActual,
      error: trueActual === null ? null : Math.abs(p - trueActual) * 100,
      warnings,
      explanation: { candidates: explain(scored), rule: why, gate },
    };
  });
  const warnings = target.flops > 0 ? [] : [`the target "${target.name}" has no training compute`];
  return { result: { target, method: 'default', params, benchmarks, warnings }, candidates: direct };
}

function targetActual(study: Study, bench: string, name: string): number | null {
  const b = findBenchmark(study, bench);
  if (!b || !b.models.includes(name)) return null;
  const v = fullSetScore(study, b, name);
  return finite(v) ? v : null;
}

function explain(scored: Scored[]): DefaultExplanation['candidates'] {
  return scored.map((x) => ({
    method: x.method,
    weight: x.weight,
    selfError: x.selfError,
    predicted: finite(x.predicted) ? x.predicted : null,
  }));
}
