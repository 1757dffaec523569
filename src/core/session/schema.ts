/**
 * The saved-session record and its upgrades. Pure data and functions (no IndexedDB), so the upgrade path is
 * tested in node; src/ui/state/sessions.ts stores them in IndexedDB.
 *
 * Version history:
 * - 1: the pre-release layout: benchmark matrices as plain arrays (null for missing), thresholds as
 *   `params.thresholds = {a, b, c}` (c upper bound only), target as a model name, no views, no file list.
 * - 2: typed-array matrices, flat thresholds (minA/minB/minC/maxC), target choice (model or planned run, with
 *   an optional compute override), open views, imported-file list and size.
 */
import type { Benchmark, ModelInfo, Study } from '../study/study.ts';
import type { PredictParams } from '../study/types.ts';
import type { PinnedRun } from './runs.ts';
import { SessionSchemaError, checkSession } from './check.ts';

export { SessionSchemaError, checkSession, checkSummary } from './check.ts';

export const SESSION_VERSION = 2;

export const SECTIONS = ['data', 'difficulty', 'clusters', 'mapping', 'prediction'] as const;
export type SectionId = (typeof SECTIONS)[number];

export type TargetChoice =
  | {
      kind: 'model';
      name: string;
      /** Compute override in FLOPs; absent = the model's own. */ flops?: number;
    }
  | { kind: 'planned'; text: string };

export interface ViewState {
  /** Benchmark of the detailed views; null = the first. */
  benchmark: string | null;
  open: Record<SectionId, boolean>;
  /** Axes of the Difficulty plot. */
  projection: 'emergence' | 'pca';
}

export interface FileEntry {
  path: string;
  format: string;
  size: number;
  rows: number;
  error?: string;
  warnings: string[];
  /** The models and benchmarks the file gave data for (absent in records older than this field). */
  models?: string[];
  benchmarks?: string[];
}

export interface SessionRecord {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  created: number;
  updated: number;
  version: typeof SESSION_VERSION;
  /** True while the session is the untouched built-in example. */
  example: boolean;
  study: Study;
  params: PredictParams;
  target: TargetChoice | null;
  view: ViewState;
  files: FileEntry[];
  /** Approximate stored size in bytes. */
  size: number;
  /** Pinned runs (optional: records written before pinning existed have none). */
  runs?: PinnedRun[];
}

/** What the session list shows, stored apart from the (large) records. */
export interface SessionSummary {
  id: string;
  name: string;
  created: number;
  updated: number;
  files: number;
  size: number;
}

export function defaultView(): ViewState {
  return {
    benchmark: null,
    open: { data: true, difficulty: true, clusters: true, mapping: true, prediction: true },
    projection: 'emergence',
  };
}

export function summarize(r: SessionRecord): SessionSummary {
  return {
    id: r.id,
    name: r.name,
    created: r.created,
    updated: r.updated,
    files: r.files.length,
    size: r.size,
  };
}

/** Approximate bytes a study takes in storage: its typed arrays plus its strings. */
export function studySize(study: Study): number {
  let bytes = 0;
  for (const b of study.benchmarks) {
    bytes += b.scores.byteLength + b.trials.byteLength;
    for (const q of b.questions) bytes += q.length * 2 + 16;
  }
  bytes += JSON.stringify(study.models).length * 2 + JSON.stringify(study.metrics).length * 2;
  return bytes;
}

interface V1Benchmark {
  name: string;
  questions: string[];
  models: string[];
  scores: (number | null)[];
  trials?: number[];
}

interface V1Record {
  id: string;
  name: string;
  savedAt: number;
  study: { models: ModelInfo[]; benchmarks: V1Benchmark[]; metrics?: Study['metrics']; warnings?: string[] };
  params?: Partial<PredictParams> & { thresholds?: { a?: number; b?: number; c?: number } };
  target?: string | null;
}

function fromV1(r: V1Record, defaults: PredictParams): SessionRecord {
  const benchmarks: Benchmark[] = r.study.benchmarks.map((b) => ({
    name: b.name,
    questions: b.questions,
    models: b.models,
    scores: Float64Array.from(b.scores, (v) => (v === null ? NaN : v)),
    trials: b.trials ? Uint32Array.from(b.trials) : Uint32Array.from(b.scores, (v) => (v === null ? 0 : 1)),
  }));
  const study: Study = {
    models: r.study.models,
    benchmarks,
    metrics: r.study.metrics ?? [],
    warnings: r.study.warnings ?? [],
  };
  const { thresholds, ...rest } = r.params ?? {};
  const params: PredictParams = { ...defaults, ...rest };
  if (thresholds?.a !== undefined) params.minA = thresholds.a;
  if (thresholds?.b !== undefined) params.minB = thresholds.b;
  if (thresholds?.c !== undefined) params.maxC = thresholds.c;
  return {
    id: r.id,
    name: r.name,
    created: r.savedAt,
    updated: r.savedAt,
    version: SESSION_VERSION,
    example: false,
    study,
    params,
    target: r.target ? { kind: 'model', name: r.target } : null,
    view: defaultView(),
    files: [],
    size: studySize(study),
  };
}

/**
 * Upgrades a stored record written by schema version `fromVersion` to the current one. Parameters missing from
 * older records take `defaults`. Throws for records newer than this build or not shaped like a session.
 */
export function migrateSession(record: unknown, fromVersion: number, defaults: PredictParams): SessionRecord {
  if (!record || typeof record !== 'object' || typeof (record as { id?: unknown }).id !== 'string') {
    throw new Error('not a saved session');
  }
  if (fromVersion > SESSION_VERSION) {
    throw new Error(
      `session saved by a newer version of scalecast (schema ${fromVersion}; this one reads ≤ ${SESSION_VERSION})`,
    );
  }
  if (fromVersion < 1) throw new Error(`unknown session schema ${fromVersion}`);
  let r = record;
  if (fromVersion === 1) {
    try {
      r = fromV1(record as V1Record, defaults);
    } catch (e) {
      throw new SessionSchemaError('study', `cannot upgrade this version-1 record (${(e as Error).message})`);
    }
  }
  const out = r as SessionRecord;
  // Parameters and views added after a record was written take their defaults.
  if (out.params === undefined) out.params = { ...defaults };
  if (out.view === undefined || (out.view && typeof out.view === 'object' && !Array.isArray(out.view))) {
    const view = (out.view ?? {}) as Partial<ViewState>;
    const open = view.open && typeof view.open === 'object' ? view.open : {};
    out.view = { ...defaultView(), ...view, open: { ...defaultView().open, ...open } };
  }
  return checkSession(out, defaults);
}
