/**
 * Pinned runs: named snapshots of the settings and of every benchmark's prediction, kept in the session so they
 * travel with it; and the comparison of several runs side by side. Pure data and functions, tested in node.
 */
import { checkParams, diffParams, PARAM_SPECS, type ParamKey } from '../study/params.ts';
import type {
  PredictParams,
  PredictResult,
  PredictionRow,
  PredictionStatus,
  TargetSpec,
} from '../study/types.ts';

/** One benchmark's prediction by one method in a pinned run. */
export type RunRow = PredictionRow;

export interface PinnedRun {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  created: number;
  target: TargetSpec;
  params: PredictParams;
  rows: RunRow[];
}

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/** "Run n" with the first n no run of the list is named. */
export function nextRunName(runs: PinnedRun[]): string {
  const names = new Set(runs.map((r) => r.name));
  let n = runs.length + 1;
  while (names.has(`Run ${n}`)) n++;
  return `Run ${n}`;
}

/** A run of the current settings and their results (COD and any baselines). */
export function pinRun(
  runs: PinnedRun[],
  target: TargetSpec,
  params: PredictParams,
  results: PredictResult[],
  now = Date.now(),
): PinnedRun {
  return {
    id: `r-${now.toString(36)}-${Math.random().toString(36).slice(2, 7)}`,
    name: nextRunName(runs),
    created: now,
    target: { ...target },
    params: { ...params },
    rows: results.flatMap((r) =>
      r.benchmarks.map((b) => ({
        benchmark: b.benchmark,
        method: r.method,
        predicted: finite(b.predicted),
        low: finite(b.low),
        high: finite(b.high),
        actual: finite(b.actual),
        error: finite(b.error),
        status: b.status,
      })),
    ),
  };
}

/** The parameters whose values differ between any two of the runs, in the registry's order. */
export function differingParams(runs: PinnedRun[]): ParamKey[] {
  const keys = new Set<ParamKey>();
  for (const r of runs.slice(1)) for (const k of diffParams(r.params, runs[0].params)) keys.add(k);
  return PARAM_SPECS.map((s) => s.key).filter((k) => keys.has(k));
}

/** True when the runs do not all predict the same target (name and compute). */
export function targetsDiffer(runs: PinnedRun[]): boolean {
  return runs.some((r) => r.target.name !== runs[0].target.name || r.target.flops !== runs[0].target.flops);
}

/** One line of the comparison: a benchmark and method, with each run's row (null where the run lacks it). */
export interface ComparisonLine {
  benchmark: string;
  method: string;
  cells: (RunRow | null)[];
}

/** Every (benchmark, method) of any run, COD first, in the order they first appear; a cell per run. */
export function compareRuns(runs: PinnedRun[]): ComparisonLine[] {
  const keys: [string, string][] = [];
  const seen = new Set<string>();
  for (const r of runs)
    for (const row of r.rows) {
      const k = JSON.stringify([row.benchmark, row.method]);
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push([row.benchmark, row.method]);
    }
  const benchmarks = [...new Set(keys.map(([b]) => b))];
  keys.sort(
    ([b1, m1], [b2, m2]) =>
      benchmarks.indexOf(b1) - benchmarks.indexOf(b2) || Number(m2 === 'cod') - Number(m1 === 'cod'),
  );
  return keys.map(([benchmark, method]) => ({
    benchmark,
    method,
    cells: runs.map((r) => r.rows.find((x) => x.benchmark === benchmark && x.method === method) ?? null),
  }));
}

const STATUSES: readonly PredictionStatus[] = ['ok', 'fallback', 'refused'];

/**
 * Pinned runs from untrusted data (a stored or shared session): every field checked, parameters through the
 * registry. Throws an error naming the run and the field that is wrong.
 */
export function checkRuns(data: unknown, defaults: PredictParams): PinnedRun[] {
  if (data === undefined) return [];
  if (!Array.isArray(data)) throw new Error('runs: expected a list of pinned runs');
  return data.map((raw, i) => {
    const at = `runs[${i}]`;
    if (!raw || typeof raw !== 'object') throw new Error(`${at}: expected an object`);
    const r = raw as Record<string, unknown>;
    const str = (v: unknown, field: string) => {
      if (typeof v !== 'string') throw new Error(`${at}.${field}: expected text`);
      return v;
    };
    const num = (v: unknown, field: string, nullable = true): number | null => {
      if (v === null && nullable) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${at}.${field}: expected a number`);
      return v;
    };
    const target = r.target as Record<string, unknown> | undefined;
    if (!target || typeof target !== 'object') throw new Error(`${at}.target: expected {name, flops}`);
    if (!Array.isArray(r.rows)) throw new Error(`${at}.rows: expected a list`);
    let params: PredictParams;
    try {
      params = checkParams((r.params ?? {}) as Record<string, unknown>, defaults);
    } catch (e) {
      throw new Error(`${at}.params: ${(e as Error).message}`, { cause: e });
    }
    return {
      id: str(r.id, 'id'),
      name: str(r.name, 'name'),
      created: num(r.created, 'created', false) as number,
      target: {
        name: str(target.name, 'target.name'),
        flops: num(target.flops, 'target.flops', false) as number,
      },
      params,
      rows: r.rows.map((x: unknown, j: number) => {
        const row = (x ?? {}) as Record<string, unknown>;
        const f = `rows[${j}]`;
        if (!STATUSES.includes(row.status as PredictionStatus))
          throw new Error(`${at}.${f}.status: expected one of ${STATUSES.join(', ')}`);
        return {
          benchmark: str(row.benchmark, `${f}.benchmark`),
          method: str(row.method, `${f}.method`),
          predicted: num(row.predicted, `${f}.predicted`),
          low: num(row.low, `${f}.low`),
          high: num(row.high, `${f}.high`),
          actual: num(row.actual, `${f}.actual`),
          error: num(row.error, `${f}.error`),
          status: row.status as PredictionStatus,
        };
      }),
    };
  });
}
