/**
 * The ladder's own evidence for the default method: every candidate's prediction of the target, and the
 * self-backtests, where the largest ladder models are held back and predicted from progressively shorter ladders.
 * Scores in [0,1], compute in FLOPs.
 */
import { runBaselines } from './baselines/index.ts';
import { SIGMOID_FLOOR_MODELS } from './baselines/sigmoid.ts';
import { LAWS } from '../fit/laws.ts';
import { StageCache } from '../pipeline/cache.ts';
import { Derived } from '../util/derived.ts';
import { SELF_BACKTEST_SAMPLE_ROWS, selfBacktestSampled } from '../pipeline/seeding.ts';
import { Pipeline, studyIdentity } from '../pipeline/stages.ts';
import { DEFAULT_PARAMS } from '../study/params.ts';
import { sampleQuestions, sampleStandardError } from '../study/sample.ts';
import { findBenchmark, fullSetScore, type Study } from '../study/study.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../study/types.ts';

/**
 * Ladder models a candidate needs to fit the form it uses on the full ladder: with fewer, e2e-exp falls back to the
 * two-parameter exp(−a·C^−b) and e2e-sigmoid holds its guess floor at 0, so a self-backtest on such a short
 * sub-ladder tests another method and does not count.
 */
const FULL_FORM_MODELS: Record<string, number> = {
  'e2e-exp': LAWS.cod.paramNames.length,
  'e2e-sigmoid': SIGMOID_FLOOR_MODELS,
};
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
   * refused or fitted another form than on the whole ladder. Where COD ran on a sample of the benchmark's questions
   * (`Evidence.samples`), its entry is the held-back model's full-set score plus COD's error on the sample.
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
  /** The benchmarks whose self-backtests ran COD on a seeded sample of their questions (none on most studies). */
  samples?: QuestionSample[];
}

/** A benchmark whose self-backtests ran COD on a seeded sample of its questions, on grid seeds. */
export interface QuestionSample {
  benchmark: string;
  /** Questions in the sample. */
  rows: number;
  /** Questions of the benchmark. */
  questions: number;
  /** Points: the standard error of the largest ladder model's score on the sample against the whole benchmark. */
  standardError: number;
}

/** The ladder models of distinct compute (one name per compute), by increasing compute. */
export function ladderModels(study: Study): { name: string; flops: number }[] {
  const byFlops = new Map<number, string>();
  for (const m of study.models)
    if (m.role === 'ladder' && m.flops && m.flops > 0) byFlops.set(m.flops, m.name);
  return [...byFlops].sort((a, b) => a[0] - b[0]).map(([flops, name]) => ({ name, flops }));
}

/**
 * Each candidate's prediction of the target (COD through the pipeline, the rest as baselines), in order; with `only`,
 * of those benchmarks alone. A `cache` lends COD the stages computed earlier on the same study object.
 */
export function runCandidates(
  study: Study,
  target: TargetSpec,
  candidates: readonly string[],
  params: PredictParams,
  only?: readonly string[],
  cache?: StageCache,
): PredictResult[] {
  const out: PredictResult[] = [];
  for (const m of candidates) {
    if (m === 'cod') {
      const r = new Pipeline({ cache }).run(study, target, { ...DEFAULT_PARAMS, ...params }, only);
      out.push({ ...r, benchmarks: r.benchmarks.map((b) => ({ ...b, method: 'cod' })) });
    } else {
      // a baseline reads no parameter: cached on the study and target alone
      const key = JSON.stringify([studyIdentity(study), target.name, target.flops, m]);
      const r = cache
        ? cache.get('baseline', key, () => runBaselines(study, target, [m])[0])
        : runBaselines(study, target, [m])[0];
      out.push(only ? { ...r, benchmarks: r.benchmarks.filter((b) => only.includes(b.benchmark)) } : r);
    }
  }
  return out;
}

/** One call of `runCandidates`: plain data, so it can run on another thread. */
export interface CandidateRun {
  study: Study;
  target: TargetSpec;
  candidates: string[];
  params: PredictParams;
  only?: string[];
}

/** `runCandidates` on one run. */
export function runCandidateRun(run: CandidateRun, cache?: StageCache): PredictResult[] {
  return runCandidates(run.study, run.target, run.candidates, run.params, run.only, cache);
}

const subLadders = new Derived<Study>();
const sampledStudies = new Derived<Study>();

/** The sub-study predicting ladder model `held` from the ladder models with compute ≤ `cutoff` (FLOPs). */
function subLadder(study: Study, held: string, cutoff: number): Study {
  return subLadders.get(study, JSON.stringify([held, cutoff]), () => ({
    ...study,
    models: study.models.map((m) => {
      if (m.name === held) return { ...m, role: 'target' };
      if (m.role === 'target') return { ...m, role: 'ignore' };
      if (m.role === 'ladder' && !((m.flops ?? Infinity) <= cutoff)) return { ...m, role: 'ignore' };
      return m;
    }),
  }));
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

/** One self-backtest before it runs: its runs, and whether each ran COD on the question sample. */
interface PlannedTask {
  held: { name: string; flops: number };
  cutoff: number;
  models: number;
  runs: { run: CandidateRun; sampled: boolean }[];
}

/**
 * The evidence's runs before they run: every candidate on the study for the target, then each self-backtest's runs.
 * `cache` holds the whole ladder's features when a benchmark had to be checked for sampling; pass it to the direct
 * run.
 */
export interface EvidencePlan {
  study: Study;
  /** The study with its sampled benchmarks (the study itself when none). */
  sampledStudy: Study;
  target: TargetSpec;
  candidates: string[];
  params: PredictParams;
  ladder: { name: string; flops: number }[];
  logTarget: number;
  samples: QuestionSample[];
  direct: CandidateRun;
  tasks: PlannedTask[];
  cache: StageCache;
}

export interface EvidenceOptions {
  /** Questions of the self-backtests' COD sample on grid-seeded benchmarks (SELF_BACKTEST_SAMPLE_ROWS). */
  sampleRows?: number;
  /** A stage cache lent to the planning (the whole ladder's features decide which benchmarks are sampled). */
  cache?: StageCache;
}

/**
 * The benchmarks whose self-backtests run COD on a seeded sample of `rows` questions (`selfBacktestSampled` on the
 * whole ladder's difficulty vectors), with the sampling error of a score.
 */
function questionSamples(
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  rows: number,
  cache: StageCache,
  top: string | undefined,
): QuestionSample[] {
  const pipeline = new Pipeline({ cache });
  const prep = pipeline.prepare(study, target);
  const out: QuestionSample[] = [];
  for (const b of study.benchmarks) {
    if (b.questions.length <= rows) continue;
    let X;
    try {
      X = pipeline.features(prep, b.name, params).X;
    } catch {
      continue; // COD refuses this benchmark anyway
    }
    if (!selfBacktestSampled(X, b.questions.length, params.seeding, rows)) continue;
    const column = top === undefined ? -1 : b.models.indexOf(top);
    out.push({
      benchmark: b.name,
      rows,
      questions: b.questions.length,
      standardError: column < 0 ? NaN : sampleStandardError(b, column, rows),
    });
  }
  return out;
}

/** The evidence's first run: every candidate's prediction of the target. */
export function directRun(
  study: Study,
  target: TargetSpec,
  candidates: readonly string[],
  params: PredictParams,
): CandidateRun {
  return { study, target, candidates: [...candidates], params };
}

/** Plans the evidence of `gatherEvidence` (same arguments); `evidenceFromRuns` assembles it from the runs' results. */
export function planEvidence(
  study: Study,
  target: TargetSpec,
  candidates: readonly string[],
  params: PredictParams,
  options: EvidenceOptions = {},
): EvidencePlan {
  const ladder = ladderModels(study);
  const n = ladder.length;
  const top = ladder.at(-1);
  const logTarget = top && target.flops > 0 ? Math.log(Math.max(1, target.flops / top.flops)) : NaN;
  const cache = options.cache ?? new StageCache();
  const rows = options.sampleRows ?? SELF_BACKTEST_SAMPLE_ROWS;
  const samples = candidates.includes('cod')
    ? questionSamples(study, target, params, rows, cache, top?.name)
    : [];
  const sampled = new Set(samples.map((x) => x.benchmark));
  const sampledStudy = sampled.size
    ? sampledStudies.get(study, JSON.stringify([[...sampled], rows, params.seed]), () => ({
        ...study,
        benchmarks: study.benchmarks.map((b) =>
          sampled.has(b.name) ? sampleQuestions(b, rows, params.seed) : b,
        ),
      }))
    : study;
  const whole = study.benchmarks.map((b) => b.name).filter((b) => !sampled.has(b));
  const others = candidates.filter((c) => c !== 'cod');
  const tasks: PlannedTask[] = [];
  for (let j = n - 1; j >= Math.max(n - HELD_MODELS, MIN_KEPT); j--) {
    const held = ladder[j];
    for (const keep of keptCounts(ladder, j, logTarget)) {
      const cutoff = ladder[keep - 1].flops;
      const sub = subLadder(study, held.name, cutoff);
      const runs: PlannedTask['runs'] = [];
      if (!sampled.size)
        runs.push({ run: { study: sub, target: held, candidates: [...candidates], params }, sampled: false });
      else {
        if (others.length)
          runs.push({ run: { study: sub, target: held, candidates: others, params }, sampled: false });
        if (whole.length)
          runs.push({
            run: { study: sub, target: held, candidates: ['cod'], params, only: whole },
            sampled: false,
          });
        runs.push({
          run: {
            study: subLadder(sampledStudy, held.name, cutoff),
            target: held,
            candidates: ['cod'],
            params: { ...params, seeding: 'grid' },
            only: [...sampled],
          },
          sampled: true,
        });
      }
      tasks.push({ held, cutoff, models: keep, runs });
    }
  }
  const direct = directRun(study, target, candidates, params);
  return {
    study,
    sampledStudy,
    target,
    candidates: [...candidates],
    params,
    ladder,
    logTarget,
    samples,
    direct,
    tasks,
    cache,
  };
}

/** Every run of a plan, in the order `evidenceFromRuns` expects their results: the direct run, then the tasks'. */
export function planRuns(plan: EvidencePlan): CandidateRun[] {
  return [plan.direct, ...plan.tasks.flatMap((t) => t.runs.map((r) => r.run))];
}

/** The evidence from a plan and the results of its runs (`planRuns` order). */
export function evidenceFromRuns(plan: EvidencePlan, results: PredictResult[][]): Evidence {
  const { study, sampledStudy, candidates, ladder } = plan;
  const [direct, ...rest] = results;
  const benchmarks = direct[0]?.benchmarks.map((b) => b.benchmark) ?? [];
  const n = ladder.length;
  const tasks: SelfTask[] = [];
  let next = 0;
  for (const task of plan.tasks) {
    const runs = task.runs.map((r) => ({ ...r, results: rest[next++] }));
    const held = task.held.name;
    const predicted: Record<string, number[]> = {};
    const actual: Record<string, number> = {};
    for (const bench of benchmarks) {
      const b = findBenchmark(study, bench);
      actual[bench] = b ? fullSetScore(study, b, held) : NaN;
      predicted[bench] = candidates.map((method) => {
        const needs = FULL_FORM_MODELS[method] ?? 0;
        if (n >= needs && task.models < needs) return NaN;
        for (const { run, sampled, results: rs } of runs) {
          const c = run.candidates.indexOf(method);
          const r = c < 0 ? undefined : rs[c].benchmarks.find((x) => x.benchmark === bench);
          if (!r) continue;
          if (r.status === 'refused' || !Number.isFinite(r.predicted)) return NaN;
          if (!sampled) return r.predicted;
          const sb = findBenchmark(sampledStudy, bench);
          return r.predicted - (sb ? fullSetScore(sampledStudy, sb, held) : NaN) + actual[bench];
        }
        return NaN;
      });
    }
    tasks.push({
      held,
      logDistance: Math.log(task.held.flops / task.cutoff),
      models: task.models,
      predicted,
      actual,
    });
  }
  return {
    candidates: [...candidates],
    benchmarks,
    direct,
    tasks,
    logTarget: plan.logTarget,
    ladderSize: n,
    ...(plan.samples.length ? { samples: plan.samples } : {}),
  };
}

/**
 * Gathers the evidence: `study` must already exclude the target (and carry its metric-only benchmarks). The
 * self-backtests hold back each of the two largest ladder models and predict it from shorter ladders (`keptCounts`).
 * On a benchmark clustered on grid seeds with more than `sampleRows` questions, they run COD on a seeded sample of
 * that many questions (`Evidence.samples`); the baselines and the target's own prediction read every question.
 */
export function gatherEvidence(
  study: Study,
  target: TargetSpec,
  candidates: readonly string[],
  params: PredictParams,
  options: EvidenceOptions = {},
): Evidence {
  const plan = planEvidence(study, target, candidates, params, options);
  const runs = planRuns(plan);
  return evidenceFromRuns(
    plan,
    runs.map((run, i) => runCandidateRun(run, i === 0 ? plan.cache : undefined)),
  );
}
