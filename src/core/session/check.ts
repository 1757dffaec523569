/** The one schema every stored or shared session passes before anything renders: types, ranges, unique names, sizes. */
import { MAX_CELLS, MAX_COUNT, MAX_FLOPS } from '../ingest/limits.ts';
import { PARAM_SPECS, checkParams } from '../study/params.ts';
import { ROLES, type ComputeSource } from '../study/study.ts';
import type { PredictParams } from '../study/types.ts';
import { checkRuns } from './runs.ts';
import { SECTIONS, type SessionRecord, type SessionSummary } from './schema.ts';

/** A stored or shared session that fails the schema; `field` is the path of the first bad value. */
export class SessionSchemaError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`field "${field}": ${problem}`);
    this.name = 'SessionSchemaError';
  }
}

const COMPUTE_SOURCES: readonly ComputeSource[] = ['file', '6ND', 'registry', 'user', 'none'];
const PROJECTIONS = ['emergence', 'pca'] as const;

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (Array.isArray(v)) return 'a list';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  return typeof v === 'object' ? 'an object' : typeof v === 'number' ? String(v) : typeof v;
}

/** Checks of one record; each throws a SessionSchemaError naming the field. */
const expect = {
  object(v: unknown, field: string): Record<string, unknown> {
    if (!v || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v))
      throw new SessionSchemaError(field, `expected an object, got ${shown(v)}`);
    return v as Record<string, unknown>;
  },
  list(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) throw new SessionSchemaError(field, `expected a list, got ${shown(v)}`);
    return v;
  },
  text(v: unknown, field: string, nonEmpty = false): string {
    if (typeof v !== 'string') throw new SessionSchemaError(field, `expected text, got ${shown(v)}`);
    if (nonEmpty && !v.trim()) throw new SessionSchemaError(field, 'expected a non-empty name');
    return v;
  },
  number(v: unknown, field: string, min = -Infinity, max = Infinity, integer = false): number {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new SessionSchemaError(field, `expected a number, got ${shown(v)}`);
    if (integer && !Number.isInteger(v))
      throw new SessionSchemaError(field, `expected a whole number, got ${v}`);
    if (v < min || v > max) throw new SessionSchemaError(field, `${v} is outside [${min}, ${max}]`);
    return v;
  },
  optionalNumber(v: unknown, field: string, min: number, max: number): void {
    if (v !== undefined) expect.number(v, field, min, max);
  },
  oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
    if (!allowed.includes(v as T))
      throw new SessionSchemaError(field, `expected one of ${allowed.join(', ')}, got ${shown(v)}`);
    return v as T;
  },
  boolean(v: unknown, field: string): boolean {
    if (typeof v !== 'boolean')
      throw new SessionSchemaError(field, `expected true or false, got ${shown(v)}`);
    return v;
  },
  uniqueNames(names: string[], field: string, what: string): void {
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n)) throw new SessionSchemaError(`${field}[${i}]`, `${what} "${n}" appears twice`);
      seen.add(n);
    });
  },
};

function checkStudy(v: unknown): void {
  const study = expect.object(v, 'study');
  const models = expect.list(study.models, 'study.models').map((raw, i) => {
    const at = `study.models[${i}]`;
    const m = expect.object(raw, at);
    const name = expect.text(m.name, `${at}.name`, true);
    expect.oneOf(m.role, ROLES, `${at}.role`);
    expect.oneOf(m.computeSource, COMPUTE_SOURCES, `${at}.computeSource`);
    expect.optionalNumber(m.params, `${at}.params`, Number.MIN_VALUE, MAX_COUNT);
    expect.optionalNumber(m.tokens, `${at}.tokens`, Number.MIN_VALUE, MAX_COUNT);
    expect.optionalNumber(m.flops, `${at}.flops`, Number.MIN_VALUE, MAX_FLOPS);
    expect.optionalNumber(m.loss, `${at}.loss`, 0, Infinity);
    if (m.domainLosses !== undefined) {
      const d = expect.object(m.domainLosses, `${at}.domainLosses`);
      for (const [k, x] of Object.entries(d)) expect.number(x, `${at}.domainLosses.${k}`, 0);
    }
    return name;
  });
  expect.uniqueNames(models, 'study.models', 'model');
  const known = new Set(models);
  const benchmarks = expect.list(study.benchmarks, 'study.benchmarks').map((raw, i) => {
    const at = `study.benchmarks[${i}]`;
    const b = expect.object(raw, at);
    const name = expect.text(b.name, `${at}.name`, true);
    const questions = expect
      .list(b.questions, `${at}.questions`)
      .map((q, k) => expect.text(q, `${at}.questions[${k}]`));
    expect.uniqueNames(questions, `${at}.questions`, 'question');
    const cols = expect.list(b.models, `${at}.models`).map((m, k) => {
      const model = expect.text(m, `${at}.models[${k}]`);
      if (!known.has(model))
        throw new SessionSchemaError(`${at}.models[${k}]`, `model "${model}" is not in study.models`);
      return model;
    });
    expect.uniqueNames(cols, `${at}.models`, 'model');
    const cells = questions.length * cols.length;
    if (cells > MAX_CELLS)
      throw new SessionSchemaError(
        at,
        `${cells} questions × models, over the limit ${MAX_CELLS} (MAX_CELLS)`,
      );
    if (!(b.scores instanceof Float64Array) || b.scores.length !== cells) {
      throw new SessionSchemaError(
        `${at}.scores`,
        `expected ${cells} pass rates (questions × models), got ${b.scores instanceof Float64Array ? b.scores.length : shown(b.scores)}`,
      );
    }
    if (!(b.trials instanceof Uint32Array) || b.trials.length !== cells) {
      throw new SessionSchemaError(
        `${at}.trials`,
        `expected ${cells} trial counts (questions × models), got ${b.trials instanceof Uint32Array ? b.trials.length : shown(b.trials)}`,
      );
    }
    const scores = b.scores;
    for (let k = 0; k < cells; k++) {
      const x = scores[k];
      if (!Number.isNaN(x) && !(x >= 0 && x <= 1))
        throw new SessionSchemaError(`${at}.scores[${k}]`, `${x} is not a pass rate in [0,1]`);
    }
    return name;
  });
  expect.uniqueNames(benchmarks, 'study.benchmarks', 'benchmark');
  expect.list(study.metrics, 'study.metrics').forEach((raw, i) => {
    const at = `study.metrics[${i}]`;
    const m = expect.object(raw, at);
    expect.text(m.model, `${at}.model`, true);
    expect.text(m.benchmark, `${at}.benchmark`, true);
    expect.number(m.value, `${at}.value`, 0, 1);
    if (m.name !== undefined) expect.text(m.name, `${at}.name`);
  });
  expect.list(study.warnings, 'study.warnings').forEach((w, i) => expect.text(w, `study.warnings[${i}]`));
}

function checkTarget(v: unknown): void {
  if (v === null) return;
  const t = expect.object(v, 'target');
  const kind = expect.oneOf(t.kind, ['model', 'planned'] as const, 'target.kind');
  if (kind === 'model') {
    expect.text(t.name, 'target.name', true);
    expect.optionalNumber(t.flops, 'target.flops', Number.MIN_VALUE, MAX_FLOPS);
  } else expect.text(t.text, 'target.text');
}

function checkView(v: unknown): void {
  const view = expect.object(v, 'view');
  if (view.benchmark !== null) expect.text(view.benchmark, 'view.benchmark');
  const open = expect.object(view.open, 'view.open');
  for (const s of SECTIONS) expect.boolean(open[s], `view.open.${s}`);
  expect.oneOf(view.projection, PROJECTIONS, 'view.projection');
}

function checkFiles(v: unknown): void {
  expect.list(v, 'files').forEach((raw, i) => {
    const at = `files[${i}]`;
    const f = expect.object(raw, at);
    expect.text(f.path, `${at}.path`);
    expect.text(f.format, `${at}.format`);
    expect.number(f.size, `${at}.size`, 0);
    expect.number(f.rows, `${at}.rows`, 0);
    if (f.error !== undefined) expect.text(f.error, `${at}.error`);
    expect.list(f.warnings, `${at}.warnings`).forEach((w, k) => expect.text(w, `${at}.warnings[${k}]`));
    for (const key of ['models', 'benchmarks'] as const) {
      if (f[key] !== undefined)
        expect.list(f[key], `${at}.${key}`).forEach((x, k) => expect.text(x, `${at}.${key}[${k}]`));
    }
  });
}

/**
 * Checks a record (after any upgrade) against the one session schema before anything renders it: types, ranges,
 * unique model, benchmark and question names, matrix sizes equal to questions × models, known parameter values.
 * Throws a SessionSchemaError naming the first bad field.
 */
export function checkSession(record: unknown, defaults: PredictParams): SessionRecord {
  const r = expect.object(record, 'record');
  expect.text(r.id, 'id', true);
  expect.text(r.name, 'name');
  expect.number(r.created, 'created');
  expect.number(r.updated, 'updated');
  expect.boolean(r.example, 'example');
  checkStudy(r.study);
  try {
    // Keys of parameters this build no longer has are dropped; every known one is checked.
    const known = new Set<string>(PARAM_SPECS.map((p) => p.key));
    const given = Object.entries(expect.object(r.params, 'params')).filter(([k]) => known.has(k));
    r.params = checkParams(Object.fromEntries(given), defaults);
  } catch (e) {
    if (e instanceof SessionSchemaError) throw e;
    const msg = (e as Error).message;
    throw new SessionSchemaError(`params.${/^(\w+)/.exec(msg)?.[1] ?? ''}`, msg);
  }
  checkTarget(r.target);
  checkView(r.view);
  checkFiles(r.files);
  expect.number(r.size, 'size', 0);
  if (r.runs !== undefined) {
    try {
      r.runs = checkRuns(r.runs, defaults);
    } catch (e) {
      const msg = (e as Error).message;
      throw new SessionSchemaError(/^([\w.[\]]+):/.exec(msg)?.[1] ?? 'runs', msg);
    }
  }
  return r as unknown as SessionRecord;
}

/** A record's summary for the session list, or null when the stored summary is not shaped like one. */
export function checkSummary(v: unknown): SessionSummary | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Record<string, unknown>;
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  return typeof s.id === 'string' &&
    typeof s.name === 'string' &&
    num(s.created) &&
    num(s.updated) &&
    num(s.files) &&
    num(s.size)
    ? (s as unknown as SessionSummary)
    : null;
}
