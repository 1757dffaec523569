/**
 * The study model: what every importer lowers into and every later stage reads.
 *
 * Units: compute in FLOPs (never rescaled here), scores are pass rates in [0, 1].
 * A benchmark's results are a dense question × model matrix (row-major: `index = q * nModels + m`) of typed
 * arrays, so a 12,000-question benchmark costs a few hundred kilobytes and clones cheaply across workers.
 */
import { MAX_CELLS } from '../ingest/limits.ts';

export type Role = 'ladder' | 'target' | 'anchor' | 'ignore';
export const ROLES: readonly Role[] = ['ladder', 'target', 'anchor', 'ignore'];

/** Where a model's training compute came from, so the UI can say how much to trust it. */
export type ComputeSource = 'file' | '6ND' | 'registry' | 'user' | 'none';

export interface ModelInfo {
  name: string;
  /** Parameter count. */
  params?: number;
  /** Training tokens. */
  tokens?: number;
  /** Training compute in FLOPs; undefined when unknown. */
  flops?: number;
  computeSource: ComputeSource;
  role: Role;
  /** Validation loss (nats/token), for the loss-intermediate baseline. */
  loss?: number;
  /** Per-domain validation losses, for FLP-M. */
  domainLosses?: Record<string, number>;
}

export interface Benchmark {
  name: string;
  /** Question ids, unique within the benchmark. */
  questions: string[];
  /** Column order of the matrices: model names, each present in `Study.models`. */
  models: string[];
  /** Pass rates, row-major questions × models; NaN where the model has no result for the question. */
  scores: Float64Array;
  /** Samples behind each pass rate; 0 where missing. */
  trials: Uint32Array;
}

export interface Metric {
  model: string;
  benchmark: string;
  /** Full-set metric in [0, 1], when it is not the mean of the question scores. */
  value: number;
  /** Optional metric name (e.g. "acc_norm,none"), informational. */
  name?: string;
}

export interface Study {
  models: ModelInfo[];
  benchmarks: Benchmark[];
  metrics: Metric[];
  /** Human-readable notices gathered on import (missing questions, ignored columns, …). */
  warnings: string[];
}

/** An error that names where the bad input is: the file, the line or field, and what was expected. */
export class StudyError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(
      [file, line !== undefined ? `line ${line}` : undefined, field ? `field "${field}"` : undefined]
        .filter(Boolean)
        .join(', ')
        .concat(file || line !== undefined || field ? ': ' : '', message),
    );
    this.name = 'StudyError';
  }
}

export function emptyStudy(): Study {
  return { models: [], benchmarks: [], metrics: [], warnings: [] };
}

export function findModel(study: Study, name: string): ModelInfo | undefined {
  return study.models.find((m) => m.name === name);
}

export function findBenchmark(study: Study, name: string): Benchmark | undefined {
  return study.benchmarks.find((b) => b.name === name);
}

/** Pass rate of question row `q` for column `m`; NaN when missing. */
export function scoreAt(b: Benchmark, q: number, m: number): number {
  return b.scores[q * b.models.length + m];
}

/** Mean pass rate over the questions a column has results for; NaN when it has none. */
export function columnMean(b: Benchmark, m: number): number {
  const nm = b.models.length;
  let sum = 0;
  let n = 0;
  for (let q = 0; q < b.questions.length; q++) {
    const v = b.scores[q * nm + m];
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n ? sum / n : NaN;
}

/** Mean of a column of the benchmark over the given question indices, skipping missing cells; NaN if none. */
export function columnMeanOver(b: Benchmark, column: number, questions: Iterable<number>): number {
  const nm = b.models.length;
  let s = 0;
  let n = 0;
  for (const q of questions) {
    const v = b.scores[q * nm + column];
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** The full-set score of a model on a benchmark, in [0,1]: its metric when given, else its mean pass rate. */
export function fullSetScore(study: Study, benchmark: Benchmark, model: string): number {
  const metric = study.metrics.find((x) => x.model === model && x.benchmark === benchmark.name);
  if (metric) return metric.value;
  const m = benchmark.models.indexOf(model);
  return m < 0 ? NaN : columnMean(benchmark, m);
}

/** One (model, benchmark, question) result, the unit every importer produces. */
export interface ScoreRow {
  model: string;
  benchmark: string;
  question: string;
  score: number;
  trials: number;
}

/**
 * Incrementally collects score rows and builds dense benchmark matrices.
 * Rows for the same (model, benchmark, question) are an error, reported with the `where` of both rows.
 */
export class ScoreCollector {
  private readonly benches = new Map<string, GrowingMatrix>();
  private count = 0;

  /**
   * Adds a row; `where` (e.g. "scores.csv line 12", or a function making it only when needed) makes the duplicate
   * error point at the input.
   */
  add(row: ScoreRow, where?: string | (() => string)): void {
    let b = this.benches.get(row.benchmark);
    if (!b) this.benches.set(row.benchmark, (b = new GrowingMatrix()));
    if (!b.set(row.question, row.model, row.score, row.trials)) {
      throw new StudyError(
        `duplicate result for model "${row.model}", benchmark "${row.benchmark}", question "${row.question}"`,
        typeof where === 'function' ? where() : where,
      );
    }
    this.count++;
  }

  /** Rows added so far. */
  get size(): number {
    return this.count;
  }

  /** Dense matrices, one per benchmark, in order of first appearance. */
  build(): Benchmark[] {
    return [...this.benches].map(([name, b]) => ({ name, ...b.trimmed() }));
  }
}

/**
 * A question × model matrix that grows by doubling as rows and columns appear, so collecting costs at most about
 * twice the final typed arrays (no per-cell objects).
 */
class GrowingMatrix {
  private readonly qIndex = new Map<string, number>();
  private readonly mIndex = new Map<string, number>();
  private rowCap = 64;
  private colCap = 4;
  private scores = new Float64Array(this.rowCap * this.colCap);
  private trials = new Uint32Array(this.rowCap * this.colCap);
  private filled = new Uint8Array(this.rowCap * this.colCap);

  /** Stores a cell; false when it already holds a result. */
  set(question: string, model: string, score: number, trials: number): boolean {
    let q = this.qIndex.get(question);
    let m = this.mIndex.get(model);
    if (q === undefined || m === undefined) {
      const cells =
        (this.qIndex.size + (q === undefined ? 1 : 0)) * (this.mIndex.size + (m === undefined ? 1 : 0));
      if (cells > MAX_CELLS) {
        throw new StudyError(`more than ${MAX_CELLS} questions × models in one benchmark (limit MAX_CELLS)`);
      }
    }
    if (q === undefined) this.qIndex.set(question, (q = this.qIndex.size));
    if (m === undefined) this.mIndex.set(model, (m = this.mIndex.size));
    if (q >= this.rowCap || m >= this.colCap) {
      this.resize(
        q >= this.rowCap ? this.rowCap * 2 : this.rowCap,
        m >= this.colCap ? this.colCap * 2 : this.colCap,
      );
    }
    const at = q * this.colCap + m;
    if (this.filled[at]) return false;
    this.filled[at] = 1;
    this.scores[at] = score;
    this.trials[at] = trials;
    return true;
  }

  private resize(rows: number, cols: number): void {
    const scores = new Float64Array(rows * cols);
    const trials = new Uint32Array(rows * cols);
    const filled = new Uint8Array(rows * cols);
    for (let q = 0; q < Math.min(rows, this.rowCap); q++) {
      const from = q * this.colCap;
      const to = q * cols;
      scores.set(this.scores.subarray(from, from + this.colCap), to);
      trials.set(this.trials.subarray(from, from + this.colCap), to);
      filled.set(this.filled.subarray(from, from + this.colCap), to);
    }
    [this.scores, this.trials, this.filled, this.rowCap, this.colCap] = [scores, trials, filled, rows, cols];
  }

  /** The exact-size matrices, NaN (and 0 trials) where a model has no result. */
  trimmed(): Omit<Benchmark, 'name'> {
    const nq = this.qIndex.size;
    const nm = this.mIndex.size;
    const scores = new Float64Array(nq * nm).fill(NaN);
    const trials = new Uint32Array(nq * nm);
    for (let q = 0; q < nq; q++) {
      for (let m = 0; m < nm; m++) {
        const at = q * this.colCap + m;
        if (!this.filled[at]) continue;
        scores[q * nm + m] = this.scores[at];
        trials[q * nm + m] = this.trials[at];
      }
    }
    return { questions: [...this.qIndex.keys()], models: [...this.mIndex.keys()], scores, trials };
  }
}

/** Training compute in FLOPs by the 6·N·D rule; undefined unless both are known and positive. */
export function sixND(params?: number, tokens?: number): number | undefined {
  return params && tokens && params > 0 && tokens > 0 ? 6 * params * tokens : undefined;
}

/**
 * Merges studies (e.g. one per dropped file) into one. Models are matched by name; a later file fills fields an
 * earlier one left empty. Benchmarks with the same name are aligned by question id across their models.
 * Throws a StudyError when two inputs hold different results for the same cell.
 */
export function mergeStudies(parts: Study[]): Study {
  const models = new Map<string, ModelInfo>();
  for (const p of parts) {
    for (const m of p.models) {
      const prev = models.get(m.name);
      if (!prev) {
        models.set(m.name, { ...m });
        continue;
      }
      const merged: ModelInfo = { ...prev };
      for (const k of ['params', 'tokens', 'flops', 'loss', 'domainLosses'] as const) {
        if (merged[k] === undefined && m[k] !== undefined)
          (merged as unknown as Record<string, unknown>)[k] = m[k];
      }
      if (prev.computeSource === 'none' && m.computeSource !== 'none') merged.computeSource = m.computeSource;
      if (prev.role === 'ladder' && m.role !== 'ladder') merged.role = m.role;
      models.set(m.name, merged);
    }
  }
  const collector = new ScoreCollector();
  const order: string[] = [];
  for (const p of parts) {
    for (const b of p.benchmarks) {
      if (!order.includes(b.name)) order.push(b.name);
      const nm = b.models.length;
      for (let q = 0; q < b.questions.length; q++) {
        for (let m = 0; m < nm; m++) {
          const s = b.scores[q * nm + m];
          if (Number.isNaN(s)) continue;
          collector.add(
            {
              model: b.models[m],
              benchmark: b.name,
              question: b.questions[q],
              score: s,
              trials: b.trials[q * nm + m],
            },
            `benchmark "${b.name}"`,
          );
        }
      }
    }
  }
  const metrics = new Map<string, Metric>();
  for (const p of parts) for (const x of p.metrics) metrics.set(`${x.model}\u0000${x.benchmark}`, x);
  const study: Study = {
    models: [...models.values()],
    benchmarks: collector.build(),
    metrics: [...metrics.values()],
    warnings: parts.flatMap((p) => p.warnings),
  };
  return study;
}

export interface ValidationIssue {
  level: 'error' | 'warning';
  message: string;
}

/**
 * Checks a study for the problems every later stage would trip on: scores outside [0,1], results of unknown
 * models, used models without compute, benchmarks where no two models share a question, models that miss
 * questions others have. Errors make the study unusable as is; warnings are shown with the results.
 */
export function validateStudy(study: Study): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const err = (message: string) => issues.push({ level: 'error', message });
  const warn = (message: string) => issues.push({ level: 'warning', message });
  const names = new Set<string>();
  for (const m of study.models) {
    if (names.has(m.name)) err(`model "${m.name}" is listed twice`);
    names.add(m.name);
    if (m.role !== 'ignore' && !(m.flops && m.flops > 0)) {
      const need =
        m.role === 'target' ? 'a compute (or params and tokens) to predict it' : 'a training compute';
      (m.role === 'target' ? warn : err)(
        `model "${m.name}" (${m.role}) has no training compute: give it ${need}`,
      );
    }
  }
  for (const b of study.benchmarks) {
    const nm = b.models.length;
    for (const model of b.models) {
      if (!names.has(model))
        err(`benchmark "${b.name}" has scores of model "${model}", which is not in the models list`);
    }
    let bad = 0;
    let firstBad = '';
    const perModel = new Int32Array(nm);
    let shared = 0;
    for (let q = 0; q < b.questions.length; q++) {
      let present = 0;
      for (let m = 0; m < nm; m++) {
        const s = b.scores[q * nm + m];
        if (Number.isNaN(s)) continue;
        present++;
        perModel[m]++;
        if (!(s >= 0 && s <= 1)) {
          if (!bad) firstBad = `question "${b.questions[q]}", model "${b.models[m]}": ${s}`;
          bad++;
        }
      }
      if (present >= 2) shared++;
    }
    if (bad) err(`benchmark "${b.name}" has ${bad} score(s) outside [0,1] (first: ${firstBad})`);
    if (nm >= 2 && shared === 0) err(`benchmark "${b.name}": no two models share a question`);
    for (let m = 0; m < nm; m++) {
      if (perModel[m] < b.questions.length) {
        warn(
          `model "${b.models[m]}" has results for ${perModel[m]} of ${b.questions.length} questions of "${b.name}"`,
        );
      }
    }
  }
  for (const x of study.metrics) {
    if (!names.has(x.model)) err(`metric for unknown model "${x.model}" on "${x.benchmark}"`);
    if (!(x.value >= 0 && x.value <= 1))
      err(`metric of "${x.model}" on "${x.benchmark}" is ${x.value}, not in [0,1]`);
  }
  return issues;
}

/** Models with a role, sorted by increasing compute (unknown compute last). */
export function modelsByRole(study: Study, role: Role): ModelInfo[] {
  return study.models
    .filter((m) => m.role === role)
    .sort((a, b) => (a.flops ?? Infinity) - (b.flops ?? Infinity));
}

export { excludeTarget, withMetricBenchmarks } from './prepare.ts';
