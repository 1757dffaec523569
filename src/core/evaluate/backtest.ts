import { asMethod, METHOD_CATALOGUE, METHOD_IDS, runMethods } from '../methods/index.ts';
import { StageCache } from '../pipeline/cache.ts';
import { Pipeline } from '../pipeline/stages.ts';
import {
  DEFAULT_PARAMS,
  type BenchmarkPrediction,
  type DefaultExplanation,
  type PredictParams,
  type PredictResult,
  type Study,
  type TargetSpec,
} from '../study/index.ts';

export { runMethods } from '../methods/index.ts';

/** COD variants by method id, as changes to the base parameters ('cod-paper' ignores the base: it is the paper). */
export const COD_VARIANTS: Record<string, (base: PredictParams) => PredictParams> = Object.fromEntries(
  METHOD_CATALOGUE.flatMap((m) => ('variant' in m ? [[m.id, m.variant]] : [])),
);

export const ALL_METHODS: readonly string[] = METHOD_IDS;
/** What a backtest runs unless told otherwise. */
export const DEFAULT_BACKTEST_METHODS: readonly string[] = METHOD_CATALOGUE.filter((m) => m.backtest).map(
  (m) => m.id,
);
/** Ladder cuts of the extrapolation-distance curve: the ladder keeps models with at most 1/r of the target's compute. */
export const DEFAULT_CUTS: readonly number[] = [3, 10, 30, 100];
/** Fewer ladder models of distinct compute than this and a backtest says so instead of fitting. */
export const MIN_BACKTEST_LADDER = 3;

/**
 * The COD pipeline under several parameter sets for one target, sharing one cache, so features and clusterings are
 * computed once per distinct clustering setting. Same result as `predict` per method.
 */
export function runCodVariants(
  study: Study,
  target: TargetSpec,
  variants: [string, PredictParams][],
  cache: StageCache = new StageCache(),
): PredictResult[] {
  const pipeline = new Pipeline({ cache });
  return variants.map(([method, p]) => asMethod(pipeline.run(study, target, p), method));
}

/**
 * The sub-study of a backtest: the target keeps role 'target', anchors stay anchors, every other non-ignored model
 * with less compute than the target (and at most `maxFlops`, FLOPs) becomes a ladder model, the rest are ignored.
 * The input study is not modified.
 */
export function backtestStudy(study: Study, target: string, maxFlops = Infinity): Study {
  const t = study.models.find((m) => m.name === target);
  const tf = t?.flops ?? NaN;
  return {
    ...study,
    models: study.models.map((m) => {
      if (m.name === target) return { ...m, role: 'target' };
      if (m.role === 'ignore' || m.role === 'anchor') return m;
      const ok = m.flops !== undefined && m.flops > 0 && m.flops < tf && m.flops <= maxFlops;
      return { ...m, role: ok ? 'ladder' : 'ignore' };
    }),
  };
}

/** Default backtest targets: every target-role model with a compute (largest first), else the largest model. */
export function defaultBacktestTargets(study: Study): string[] {
  const models = study.models.filter((m) => m.role !== 'ignore' && m.flops && m.flops > 0);
  models.sort((a, b) => (b.flops as number) - (a.flops as number));
  const targets = models.filter((m) => m.role === 'target');
  return (targets.length ? targets : models.slice(0, 1)).map((m) => m.name);
}

/** One prediction of a backtest: scores (and interval) as fractions in [0,1], errors in points; null where unknown. */
export interface BacktestRow {
  method: string;
  benchmark: string;
  predicted: number | null;
  actual: number | null;
  error: number | null;
  low: number | null;
  high: number | null;
  status: BenchmarkPrediction['status'];
  /** Why the method could not predict, or its first warning. */
  note: string;
  /** COD only: |predicted − actual| on the predictable subset (points), and that subset's share of the questions. */
  subsetError?: number | null;
  subsetRatio?: number;
  /** The default method only: the candidates it weighed and why. */
  explanation?: DefaultExplanation;
}

export interface BacktestTarget {
  target: string;
  /** Target compute, FLOPs. */
  flops: number;
  /** Ladder models the fits used, by increasing compute. */
  ladder: string[];
  /** Target compute ÷ largest ladder model's compute. */
  distance: number;
  /** Set when the target could not be backtested (too few ladder models, no compute). */
  skipped?: string;
  rows: BacktestRow[];
}

export interface SummaryRow {
  method: string;
  /** Mean and max absolute error in points over the rows with an error; NaN when n = 0. */
  mean: number;
  max: number;
  n: number;
  /** Share of those rows whose actual score lies inside the method's interval, in [0,1]. */
  coverage: number;
}

export interface CurvePoint {
  target: string;
  /** The ladder keeps models with at most 1/cut of the target's compute. */
  cut: number;
  distance: number;
  ladderSize: number;
  skipped?: string;
  summary: SummaryRow[];
}

export interface BacktestOptions {
  /** Target model names; default: the largest-compute model. */
  targets?: string[];
  methods?: readonly string[];
  /** Base parameters of the COD variants. */
  params?: PredictParams;
  /** Ladder cuts for the extrapolation-distance curve; [] skips the curve. */
  cuts?: readonly number[];
}

export interface BacktestResult {
  targets: BacktestTarget[];
  summary: SummaryRow[];
  curve: CurvePoint[];
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** One backtest row per method and benchmark of the results. */
export function backtestRows(results: PredictResult[]): BacktestRow[] {
  return results.flatMap((r) =>
    r.benchmarks.map((b) => ({
      method: r.method,
      benchmark: b.benchmark,
      predicted: finite(b.predicted),
      actual: b.actual === null ? null : finite(b.actual),
      error: b.error,
      low: finite(b.low),
      high: finite(b.high),
      status: b.status,
      note: b.warnings[0] ?? '',
      ...(b.explanation ? { explanation: b.explanation } : {}),
      ...(b.cod
        ? {
            subsetError:
              b.cod.subsetActual !== null && Number.isFinite(b.cod.subsetPredicted)
                ? Math.abs(b.cod.subsetPredicted - b.cod.subsetActual) * 100
                : null,
            subsetRatio: b.cod.subsetRatio,
          }
        : {}),
    })),
  );
}

/** Mean and max error (points) and interval coverage per method, in the order methods first appear. */
export function summarise(rows: BacktestRow[]): SummaryRow[] {
  const methods = [...new Set(rows.map((r) => r.method))];
  return methods.map((method) => {
    const rs = rows.filter((r) => r.method === method && r.error !== null && r.actual !== null);
    const errors = rs.map((r) => r.error as number);
    const covered = rs.filter(
      (r) =>
        r.low !== null &&
        r.high !== null &&
        (r.actual as number) >= r.low - 1e-9 &&
        (r.actual as number) <= r.high + 1e-9,
    ).length;
    return {
      method,
      mean: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : NaN,
      max: errors.length ? Math.max(...errors) : NaN,
      n: errors.length,
      coverage: errors.length ? covered / errors.length : NaN,
    };
  });
}

function ladderOfStudy(s: Study): { names: string[]; top: number; distinct: number } {
  const ladder = s.models
    .filter((m) => m.role === 'ladder')
    .sort((a, b) => (a.flops as number) - (b.flops as number));
  return {
    names: ladder.map((m) => m.name),
    top: ladder.length ? (ladder[ladder.length - 1].flops as number) : NaN,
    distinct: new Set(ladder.map((m) => m.flops)).size,
  };
}

function backtestOne(
  study: Study,
  name: string,
  methods: readonly string[],
  params: PredictParams,
  maxFlops = Infinity,
): BacktestTarget {
  const model = study.models.find((m) => m.name === name);
  if (!model)
    throw new Error(`unknown target "${name}"; models: ${study.models.map((m) => m.name).join(', ')}`);
  const flops = model.flops ?? NaN;
  const sub = backtestStudy(study, name, maxFlops);
  const ladder = ladderOfStudy(sub);
  const base = {
    target: name,
    flops,
    ladder: ladder.names,
    distance: flops / ladder.top,
    rows: [] as BacktestRow[],
  };
  if (!(flops > 0)) return { ...base, skipped: `the target "${name}" has no training compute` };
  if (ladder.distinct < MIN_BACKTEST_LADDER) {
    return {
      ...base,
      skipped: `only ${ladder.distinct} ladder model(s) of distinct compute below the target (at least ${MIN_BACKTEST_LADDER} needed)`,
    };
  }
  return { ...base, rows: backtestRows(runMethods(sub, { name, flops }, methods, params)) };
}

/**
 * Backtests the methods: for each target, fit on the models with less compute, predict every benchmark and compare
 * with the target's actual scores (errors in points); then the same with the ladder cut at 1/r of the target's compute
 * for each r in `cuts` (skipped, with a reason, where fewer than 4 ladder models remain).
 */
export function backtest(study: Study, options: BacktestOptions = {}): BacktestResult {
  const methods = options.methods ?? DEFAULT_BACKTEST_METHODS;
  const params = options.params ?? DEFAULT_PARAMS;
  const names = options.targets?.length ? options.targets : defaultBacktestTargets(study);
  const targets = names.map((n) => backtestOne(study, n, methods, params));
  const curve: CurvePoint[] = [];
  for (const t of targets) {
    if (!(t.flops > 0)) continue;
    for (const cut of options.cuts ?? DEFAULT_CUTS) {
      const maxFlops = t.flops / cut;
      const ladder = ladderOfStudy(backtestStudy(study, t.target, maxFlops));
      const same = ladder.names.length === t.ladder.length && !t.skipped;
      const r = same ? t : backtestOne(study, t.target, methods, params, maxFlops);
      curve.push({
        target: t.target,
        cut,
        distance: t.flops / ladder.top,
        ladderSize: ladder.names.length,
        ...(r.skipped ? { skipped: r.skipped } : {}),
        summary: summarise(r.rows),
      });
    }
  }
  return { targets, summary: summarise(targets.flatMap((t) => t.rows)), curve };
}
