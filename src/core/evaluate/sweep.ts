/**
 * Parameter sweeps: the same prediction as `predict --set key=value`, for a list of values of one parameter (or
 * the grid of two), one row per (value, benchmark, method). Scores are fractions in [0,1], errors in points.
 */
import { runBaselines } from '../methods/baselines/index.ts';
import { predict } from '../pipeline/predict.ts';
import { excludeTarget, type Study } from '../study/study.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../study/types.ts';
import { COD_VARIANTS } from './backtest.ts';
import { MIN_LADDER } from '../pipeline/requirements.ts';
import {
  checkSweepMethods,
  sweepPoints,
  type SweepPoint,
  type SweepRequest,
  type SweepRow,
} from './sweep-plan.ts';

export * from './sweep-plan.ts';

/**
 * COD's prediction for one target under one parameter set: `predict` itself, or the same pipeline behind a stage
 * cache (the page's compute engine in a sweep worker), which may answer asynchronously.
 */
export type Predictor = (
  study: Study,
  target: TargetSpec,
  params: PredictParams,
) => PredictResult | Promise<PredictResult>;

/** What one point of the sweep gives: its rows and, when asked, the proxy's rows (the held-back model as target). */
export interface SweepPointResult {
  index: number;
  rows: SweepRow[];
  proxy: SweepRow[];
  /** The model the proxy held back; null when not asked or not possible. */
  proxyModel: string | null;
}

export interface SweepResult {
  target: string;
  param: string;
  param2: string | null;
  /** The model the self-backtest proxy held back (the largest ladder model), null when not asked or impossible. */
  proxyModel: string | null;
  rows: SweepRow[];
  proxy: SweepRow[];
}

function rowsOf(point: SweepPoint, r: PredictResult, method: string): SweepRow[] {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return r.benchmarks.map((b) => ({
    value: point.value,
    value2: point.value2,
    benchmark: b.benchmark,
    method,
    predicted: finite(b.predicted),
    low: finite(b.low),
    high: finite(b.high),
    actual: b.actual === null ? null : finite(b.actual),
    error: b.error,
    status: b.status,
  }));
}

/**
 * The self-backtest proxy's study and target: the target left out, the largest ladder model held back as the
 * target, the ladder models below it kept. Null when fewer than MIN_LADDER (COD's minimum) models of distinct compute
 * remain below it.
 * The error it gives measures how well a setting predicts within the ladder, not how it does at the target.
 */
export function proxyStudy(study: Study, target: TargetSpec): { study: Study; target: TargetSpec } | null {
  const s = excludeTarget(study, target);
  const ladder = s.models
    .filter((m) => m.role === 'ladder' && m.flops !== undefined && m.flops > 0)
    .sort((a, b) => (a.flops as number) - (b.flops as number));
  const held = ladder[ladder.length - 1];
  const flops = held?.flops ?? NaN;
  const below = new Set(ladder.filter((m) => (m.flops as number) < flops).map((m) => m.flops));
  if (!held || below.size < MIN_LADDER) return null;
  const models = s.models.map((m) => {
    if (m === held) return { ...m, role: 'target' as const };
    if (m.role === 'ladder' && (m.flops as number) >= flops) return { ...m, role: 'ignore' as const };
    if (m.role === 'target') return { ...m, role: 'ignore' as const };
    return m;
  });
  return { study: { ...s, models }, target: { name: held.name, flops } };
}

/**
 * Runs one point: every method for the target (baselines do not depend on the parameters, so `baselines`
 * caches them across points), and the proxy when asked.
 */
export async function runSweepPoint(
  study: Study,
  target: TargetSpec,
  point: SweepPoint,
  options: {
    methods?: readonly string[];
    proxy?: boolean;
    predictor?: Predictor;
    /** Predictor of the proxy's study (the held-back model as target); default `predictor`. */
    proxyPredictor?: Predictor;
    baselines?: Map<string, PredictResult>;
  } = {},
): Promise<SweepPointResult> {
  const methods = options.methods?.length ? options.methods : ['cod'];
  const run = options.predictor ?? predict;
  const baselines = options.baselines ?? new Map<string, PredictResult>();
  const rows: SweepRow[] = [];
  for (const m of methods) {
    if (m in COD_VARIANTS) {
      rows.push(...rowsOf(point, await run(study, target, COD_VARIANTS[m](point.params)), m));
      continue;
    }
    let r = baselines.get(m);
    if (!r) baselines.set(m, (r = runBaselines(study, target, [m])[0]));
    rows.push(...rowsOf(point, r, m));
  }
  const held = options.proxy ? proxyStudy(study, target) : null;
  const proxy: SweepRow[] = [];
  const runProxy = options.proxyPredictor ?? run;
  if (held)
    for (const m of methods.filter((x) => x in COD_VARIANTS))
      proxy.push(...rowsOf(point, await runProxy(held.study, held.target, COD_VARIANTS[m](point.params)), m));
  return { index: point.index, rows, proxy, proxyModel: held?.target.name ?? null };
}

/**
 * The whole sweep on one thread: every point in order, with an optional stage-caching predictor. Each row equals
 * the corresponding benchmark of `predict(study, target, applySettings(base, [param=value]))`.
 */
export async function sweep(
  study: Study,
  req: SweepRequest,
  predictor: Predictor = predict,
): Promise<SweepResult> {
  const methods = req.methods?.length ? req.methods : ['cod'];
  checkSweepMethods(methods);
  const points = sweepPoints(req);
  const baselines = new Map<string, PredictResult>();
  const results: SweepPointResult[] = [];
  for (const p of points)
    results.push(
      await runSweepPoint(study, req.target, p, { methods, proxy: req.proxy, predictor, baselines }),
    );
  return {
    target: req.target.name,
    param: req.param,
    param2: req.param2 ?? null,
    proxyModel: req.proxy ? (proxyStudy(study, req.target)?.target.name ?? null) : null,
    rows: results.flatMap((r) => r.rows),
    proxy: results.flatMap((r) => r.proxy),
  };
}
