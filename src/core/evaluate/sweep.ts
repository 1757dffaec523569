/**
 * Parameter sweeps: the same prediction as `predict --set key=value`, for a list of values of one parameter (or
 * the grid of two), one row per (value, benchmark, method). Scores are fractions in [0,1], errors in points.
 */
import { runBaselines, BASELINE_METHODS } from '../methods/baselines/index.ts';
import { predict } from '../pipeline/predict.ts';
import { applySettings, paramSpec, stageKey } from '../study/params.ts';
import { excludeTarget, type Study } from '../study/study.ts';
import type { PredictParams, PredictResult, PredictionRow, TargetSpec } from '../study/types.ts';
import { COD_VARIANTS } from './backtest.ts';
import { MIN_LADDER } from '../pipeline/requirements.ts';

/** A swept value as the parameter holds it: a number, a choice, a flag, or null (`upper=auto`). */
export type SweepValue = number | string | boolean | null;

/**
 * COD's prediction for one target under one parameter set: `predict` itself, or the same pipeline behind a stage
 * cache (the page's compute engine in a sweep worker), which may answer asynchronously.
 */
export type Predictor = (
  study: Study,
  target: TargetSpec,
  params: PredictParams,
) => PredictResult | Promise<PredictResult>;

export interface SweepRequest {
  target: TargetSpec;
  /** The parameters every value starts from (the page's current settings, or `--set`). */
  base: PredictParams;
  /** Parameter key as in `--set`, and its values as text. */
  param: string;
  values: string[];
  /** An optional second parameter: the sweep runs the grid of both lists. */
  param2?: string | null;
  values2?: string[];
  /** COD variants and baselines; default ['cod']. */
  methods?: readonly string[];
  /** Also predict the largest ladder model from the rest for each value (the self-backtest proxy). */
  proxy?: boolean;
}

/** One point of the sweep: the value(s) and the parameters they give. */
export interface SweepPoint {
  index: number;
  value: SweepValue;
  value2: SweepValue | null;
  params: PredictParams;
}

/** One (value, benchmark, method) of a sweep, as `predict` gives it for that value. */
export interface SweepRow extends PredictionRow {
  value: SweepValue;
  value2: SweepValue | null;
}

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

/** Most points a sweep runs; more is almost surely a typo in a range. */
export const MAX_SWEEP_POINTS = 400;

/**
 * The values of a comma-separated list, where an item `from:to:step` expands to the range (both ends included,
 * to a tolerance of step/1000). Throws naming the item that is not understood.
 */
export function parseSweepValues(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const parts = item.split(':').map((s) => s.trim());
    if (parts.length === 1) {
      out.push(item);
      continue;
    }
    const [from, to, step] = parts.map(Number);
    if (parts.length !== 3 || ![from, to, step].every(Number.isFinite) || !(step > 0) || to < from) {
      throw new Error(`"${item}" is not a range from:to:step with from ≤ to and a positive step`);
    }
    const n = Math.floor((to - from) / step + 1e-3);
    if (n + 1 > MAX_SWEEP_POINTS) throw new Error(`"${item}" has more than ${MAX_SWEEP_POINTS} values`);
    const digits = Math.max(decimals(parts[0]), decimals(parts[2]));
    for (let i = 0; i <= n; i++) out.push(String(Number((from + i * step).toFixed(digits))));
  }
  return out;
}

function decimals(text: string): number {
  const m = /\.(\d+)/.exec(text);
  return m ? Math.min(12, m[1].length) : 0;
}

/** The value a parameter holds after `key=text` was applied; the text itself for `preset`. */
function valueOf(key: string, text: string, params: PredictParams): SweepValue {
  return key in params ? (params as unknown as Record<string, SweepValue>)[key] : text;
}

/**
 * The points of a sweep, in row order (the second parameter varies fastest). Each is `applySettings` of the base
 * with `param=value` (then `param2=value2`), exactly what `predict --set` does. Throws naming the parameter and
 * the value that is not understood, or when there is nothing (or too much) to sweep.
 */
export function sweepPoints(req: SweepRequest): SweepPoint[] {
  if (!req.values.length) throw new Error(`no values to sweep ${req.param} over`);
  const second = req.param2 ? (req.values2 ?? []) : [null];
  if (req.param2 && !second.length) throw new Error(`no values to sweep ${req.param2} over`);
  if (req.values.length * second.length > MAX_SWEEP_POINTS) {
    throw new Error(`${req.values.length * second.length} points: a sweep runs at most ${MAX_SWEEP_POINTS}`);
  }
  const points: SweepPoint[] = [];
  for (const v of req.values) {
    for (const v2 of second) {
      const settings = [`${req.param}=${v}`];
      if (req.param2 && v2 !== null) settings.push(`${req.param2}=${v2}`);
      const params = applySettings(req.base, settings);
      points.push({
        index: points.length,
        value: valueOf(req.param, v, params),
        value2: req.param2 && v2 !== null ? valueOf(req.param2, v2, params) : null,
        params,
      });
    }
  }
  return points;
}

/** Methods a sweep can run: the COD variants and the baselines. Throws naming the unknown ones. */
export function checkSweepMethods(methods: readonly string[]): void {
  const known = [...Object.keys(COD_VARIANTS), ...BASELINE_METHODS];
  const unknown = methods.filter((m) => !known.includes(m));
  if (unknown.length) throw new Error(`unknown method(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
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

/** A value list to start from: around the current value for a number, every choice for a choice. */
export function suggestedValues(key: string, current: PredictParams): string {
  const spec = paramSpec(key);
  if (spec.type === 'boolean') return 'true,false';
  if (spec.type === 'choice') return (spec.choices ?? []).map((c) => String(c.value)).join(',');
  const value = current[spec.key];
  const at = typeof value === 'number' ? value : key === 'upper' ? 0.3 : 1;
  if (spec.type === 'integer') {
    const step = Math.max(1, Math.round(at / 4));
    return [-2, -1, 0, 1, 2].map((k) => Math.max(spec.min ?? 0, at + k * step)).join(',');
  }
  const factors = [0.25, 0.5, 1, 2, 4];
  const values = factors.map((f) => Number((at === 0 ? f - 1 : at * f).toPrecision(3)));
  return [...new Set(values.filter((v) => (spec.min ?? -Infinity) <= v && v <= (spec.max ?? Infinity)))].join(
    ',',
  );
}

/** Points grouped so that those sharing a clustering run on one worker, one after the other. */
export function groupByClustering(points: SweepPoint[]): SweepPoint[][] {
  const groups = new Map<string, SweepPoint[]>();
  for (const p of points) {
    const key = stageKey('cluster', '', p.params);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(p);
  }
  return [...groups.values()];
}
