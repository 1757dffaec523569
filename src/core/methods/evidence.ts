/**
 * The ladder's own evidence for the default method: every candidate's prediction of the target, and the
 * self-backtests, where the largest ladder models are held back and predicted from progressively shorter ladders.
 * Scores in [0,1], compute in FLOPs.
 */
import { runBaselines } from './baselines/index.ts';
import { LAWS } from '../fit/laws.ts';
import { predict } from '../pipeline/predict.ts';
import { findBenchmark, fullSetScore, type Study } from '../study/study.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../study/types.ts';

/**
 * Ladder models a candidate needs to fit the form it uses on the full ladder: with fewer, e2e-exp falls back to the
 * two-parameter exp(−a·C^−b), so a self-backtest on such a short sub-ladder tests another method and does not count.
 */
const FULL_FORM_MODELS: Record<string, number> = { 'e2e-exp': LAWS.cod.paramNames.length };
/** The self-backtests hold back this many of the largest ladder models, each predicted from shorter ladders. */
const HELD_MODELS = 2;
/** No self-backtest predicts from fewer ladder models than this. */
const MIN_KEPT = 2;

/** One self-backtest: a held-back ladder model predicted from the `models` smallest ladder models. */
export interface SelfTask {
  held: string;
  /** log(held compute ÷ the largest compute kept): the extrapolation distance of this task. */
  logDistance: number;
  /** Ladder models (of distinct compute) kept to predict from. */
  models: number;
  /**
   * Per benchmark, per candidate (in the evidence's candidate order): the predicted score, NaN where the candidate
   * refused or fitted another form than on the whole ladder.
   */
  predicted: Record<string, number[]>;
  /** Per benchmark: the held-back model's full-set score (NaN when it has none). */
  actual: Record<string, number>;
}

export interface Evidence {
  candidates: string[];
  benchmarks: string[];
  /** Every candidate's prediction of the target (one result per candidate, in candidate order). */
  direct: PredictResult[];
  tasks: SelfTask[];
  /** log(target compute ÷ the largest ladder model's compute); NaN without a ladder. */
  logTarget: number;
  /** Ladder models of distinct compute. */
  ladderSize: number;
}

/** The ladder models of distinct compute (one name per compute), by increasing compute. */
export function ladderModels(study: Study): { name: string; flops: number }[] {
  const byFlops = new Map<number, string>();
  for (const m of study.models)
    if (m.role === 'ladder' && m.flops && m.flops > 0) byFlops.set(m.flops, m.name);
  return [...byFlops].sort((a, b) => a[0] - b[0]).map(([flops, name]) => ({ name, flops }));
}

/** Each candidate's prediction of the target (COD through the pipeline, the rest as baselines), in order. */
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

/** The sub-study predicting ladder model `held` from the ladder models with compute ≤ `cutoff` (FLOPs). */
function subLadder(study: Study, held: string, cutoff: number): Study {
  return {
    ...study,
    models: study.models.map((m) => {
      if (m.name === held) return { ...m, role: 'target' };
      if (m.role === 'target') return { ...m, role: 'ignore' };
      if (m.role === 'ladder' && !((m.flops ?? Infinity) <= cutoff)) return { ...m, role: 'ignore' };
      return m;
    }),
  };
}

/**
 * How many of the smallest ladder models predict ladder model `j` in its self-backtests: all below it, and the
 * ladders ending the whole (and, for the largest model, half) of the target's extrapolation distance (log
 * `logTarget`) below it, so the self-backtests' distances reach the target's; at least MIN_KEPT models, without
 * repeats.
 */
export function keptCounts(ladder: { flops: number }[], j: number, logTarget: number): number[] {
  const out = [j];
  const span = Number.isFinite(logTarget) ? logTarget : Math.log(10);
  for (const share of j === ladder.length - 1 ? [0.5, 1] : [1]) {
    const cutoff = ladder[j].flops / Math.exp(share * span);
    const k = ladder.filter((l) => l.flops <= cutoff * (1 + 1e-9)).length;
    if (k >= MIN_KEPT && !out.includes(k)) out.push(k);
  }
  return out.filter((k) => k >= MIN_KEPT);
}

/**
 * Gathers the evidence: `study` must already exclude the target (and carry its metric-only benchmarks). The
 * self-backtests hold back each of the two largest ladder models and predict it from shorter ladders (`keptCounts`).
 */
export function gatherEvidence(
  study: Study,
  target: TargetSpec,
  candidates: readonly string[],
  params: PredictParams,
): Evidence {
  const direct = runCandidates(study, target, candidates, params);
  const benchmarks = direct[0]?.benchmarks.map((b) => b.benchmark) ?? [];
  const ladder = ladderModels(study);
  const n = ladder.length;
  const tasks: SelfTask[] = [];
  const top = ladder.at(-1);
  const logTarget = top && target.flops > 0 ? Math.log(Math.max(1, target.flops / top.flops)) : NaN;
  for (let j = n - 1; j >= Math.max(n - HELD_MODELS, MIN_KEPT); j--) {
    const held = ladder[j];
    for (const keep of keptCounts(ladder, j, logTarget)) {
      const cutoff = ladder[keep - 1].flops;
      const sub = subLadder(study, held.name, cutoff);
      const results = runCandidates(sub, held, candidates, params);
      const predicted: Record<string, number[]> = {};
      const actual: Record<string, number> = {};
      for (const bench of benchmarks) {
        const b = findBenchmark(study, bench);
        actual[bench] = b ? fullSetScore(study, b, held.name) : NaN;
        predicted[bench] = candidates.map((method, c) => {
          const needs = FULL_FORM_MODELS[method] ?? 0;
          if (n >= needs && keep < needs) return NaN;
          const r = results[c].benchmarks.find((x) => x.benchmark === bench);
          return r && r.status !== 'refused' && Number.isFinite(r.predicted) ? r.predicted : NaN;
        });
      }
      tasks.push({
        held: held.name,
        logDistance: Math.log(held.flops / cutoff),
        models: keep,
        predicted,
        actual,
      });
    }
  }
  return {
    candidates: [...candidates],
    benchmarks,
    direct,
    tasks,
    logTarget,
    ladderSize: n,
  };
}
