/**
 * The plan of a parameter sweep, light enough for the page: which points a list of values gives, which methods a
 * sweep may run, and value lists to start from. Running the points is `sweep.ts`.
 */
import { BASELINE_IDS, COD_METHOD_IDS } from '../methods/catalogue.ts';
import { applySettings, paramSpec, stageKey } from '../study/params.ts';
import type { PredictParams, PredictionRow, TargetSpec } from '../study/types.ts';

/** A swept value as the parameter holds it: a number, a choice, a flag, or null (`upper=auto`). */
export type SweepValue = number | string | boolean | null;

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
  const known = [...COD_METHOD_IDS, ...BASELINE_IDS];
  const unknown = methods.filter((m) => !known.includes(m));
  if (unknown.length) throw new Error(`unknown method(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
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
