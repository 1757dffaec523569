/**
 * Compute answers as the page keeps them: one answer from the two halves of a request split over two workers, a
 * text form that gives back the same answer bit for bit (typed arrays, NaN and infinities included), and the test
 * of whether two answers agree on everything shown. Types only from the engine, so the page's bundle stays small.
 */
import type { PredictParams, TargetSpec } from '../study/types.ts';
import type { ComputeResponse } from './engine.ts';

/**
 * One answer from the two halves of a request split over two workers: COD's (`cod`, run with `baselines: false`) and
 * the baselines' with the default (`side`, run with `cod: false`).
 */
export function mergeAnswers(cod: ComputeResponse, side: ComputeResponse): ComputeResponse {
  return {
    ...cod,
    status: cod.status === 'done' ? side.status : cod.status,
    baselines: side.baselines,
    errors: [...cod.errors, ...side.errors],
    timings: {
      ...cod.timings,
      baselines: side.timings.baselines,
      default: side.timings.default,
      total: Math.max(cod.timings.total, side.timings.total),
    },
  };
}

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return Object.is(value, -0) ? { $n: '-0' } : value;
    return { $n: String(value) };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (!(name in TYPED)) throw new Error(`cannot encode a ${name}`);
    return { $t: name, v: Array.from(value as unknown as ArrayLike<number>) };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.$n === 'string') return Number(o.$n);
    if (keys.length === 2 && typeof o.$t === 'string' && Array.isArray(o.v) && o.$t in TYPED)
      return new TYPED[o.$t as TypedName](o.v as number[]);
  }
  return value;
}

/** A JSON text of a value (plain data, typed arrays, any number) that decodeAnswer turns back into the same value. */
export function encodeAnswer(value: unknown): string {
  return JSON.stringify(value, replacer);
}

export function decodeAnswer<T>(text: string): T {
  return JSON.parse(text, reviver) as T;
}

/**
 * Relative difference within which two numbers of answers agree: below the 4 significant digits the page shows of
 * any number. JavaScript engines round Math.exp, log and pow differently in the last bits; the example's predictions
 * then move by up to 2e-5 between Node 20 and Chromium 156, but a poorly determined cluster law's parameters and a
 * self-backtest's error by more than this, so the check may say 'different' there.
 */
export const ANSWER_TOLERANCE = 1e-4;

/** The path of the first place where `a` and `b` disagree (numbers beyond a relative `rel`), or null. */
function firstDifference(a: unknown, b: unknown, rel: number, path: string): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return null;
    return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) ? null : `${path} (${a} vs ${b})`;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return a === b ? null : path;
  const listA = Array.isArray(a) || ArrayBuffer.isView(a);
  if (listA !== (Array.isArray(b) || ArrayBuffer.isView(b))) return path;
  if (listA) {
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (x.length !== y.length || a.constructor !== b.constructor) return `${path}.length`;
    for (let i = 0; i < x.length; i++) {
      const at = firstDifference(x[i], y[i], rel, `${path}[${i}]`);
      if (at) return at;
    }
    return null;
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return `${path} (keys ${ka.join(',')} vs ${kb.join(',')})`;
  for (const k of ka) {
    const at = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      rel,
      `${path}.${k}`,
    );
    if (at) return at;
  }
  return null;
}

/**
 * Where two answers first disagree on what the page shows (not the request id, timings or cache hits): texts,
 * labels and statuses exactly, every number within a relative `rel`. A path such as `baselines[2].benchmarks[0].low
 * (0.41 vs 0.42)`, or null when they agree.
 */
export function answerDifference(
  a: ComputeResponse,
  b: ComputeResponse,
  rel = ANSWER_TOLERANCE,
): string | null {
  const shown = (r: ComputeResponse) => ({
    status: r.status,
    cod: r.cod,
    baselines: r.baselines,
    difficulty: r.difficulty,
    plots: r.plots,
    errors: r.errors,
  });
  return firstDifference(shown(a), shown(b), rel, 'answer');
}

/** True when two answers agree on everything the page shows (see answerDifference). */
export function sameAnswer(a: ComputeResponse, b: ComputeResponse, rel = ANSWER_TOLERANCE): boolean {
  return answerDifference(a, b, rel) === null;
}

/** Where two answers' predictions differ most. */
export interface ScoreChange {
  /** |Δ| of a predicted score or interval bound, in points (0–100). */
  points: number;
  method: string;
  benchmark: string;
}

/**
 * The largest change of a predicted score or interval bound between two answers (COD's and every other method's),
 * or null when they do not predict the same methods and benchmarks.
 */
export function largestScoreChange(a: ComputeResponse, b: ComputeResponse): ScoreChange | null {
  const results = (r: ComputeResponse) => [...(r.cod ? [r.cod] : []), ...r.baselines];
  const ra = results(a);
  const rb = results(b);
  if (ra.length !== rb.length) return null;
  let worst: ScoreChange = { points: 0, method: '', benchmark: '' };
  for (let i = 0; i < ra.length; i++) {
    const [x, y] = [ra[i], rb[i]];
    if (x.method !== y.method || x.benchmarks.length !== y.benchmarks.length) return null;
    x.benchmarks.forEach((p, j) => {
      const q = y.benchmarks[j];
      for (const k of ['predicted', 'low', 'high'] as const) {
        const d = Math.abs(p[k] - q[k]) * 100;
        if (d > worst.points || (Number.isNaN(d) && !Number.isNaN(p[k] + q[k])))
          worst = { points: Number.isNaN(d) ? Infinity : d, method: x.method, benchmark: p.benchmark };
      }
    });
  }
  return worst;
}

/**
 * The built-in example's first answer, computed ahead by the engine the workers run (scripts/example-answer.ts, at
 * build time), with the inputs it answers: the page shows it while those are its inputs.
 */
export interface ExampleAnswer {
  target: TargetSpec;
  params: PredictParams;
  benchmark: string | null;
  response: ComputeResponse;
}

/** True when the page's inputs are those the example answer answers. */
export function answersInputs(
  answer: ExampleAnswer,
  inputs: { target: TargetSpec | null; params: PredictParams; benchmark: string | null },
): boolean {
  const key = (i: Omit<ExampleAnswer, 'response'>) =>
    JSON.stringify([i.target?.name, i.target?.flops, i.benchmark]) +
    JSON.stringify(i.params, Object.keys(i.params).sort());
  return inputs.target !== null && key(answer) === key({ ...inputs, target: inputs.target });
}
