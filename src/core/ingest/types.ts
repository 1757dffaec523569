import type { Study } from '../study/study.ts';
import type { McSignal } from './choices.ts';

/** One dropped or named file; `path` keeps its folders (e.g. "EleutherAI__pythia-14m/samples_x.jsonl"). */
export interface InputFile {
  path: string;
  /** Size in bytes. */
  size: number;
  stream(): ReadableStream<Uint8Array>;
  bytes(): Promise<Uint8Array>;
}

export interface ImportOptions {
  /**
   * lm-eval per-sample choices: which filter's rows and which per-sample metric become the score, and what scores
   * the questions of multiple-choice samples (`mcSignal`; metric "gold_prob" means mcSignal "gold_prob").
   */
  lmEval?: { filter?: string; metric?: string; mcSignal?: McSignal };
  /** Bytes read so far over the total size of all files. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

export interface FileReport {
  path: string;
  /** Detected format id (e.g. "lm-eval-samples"), or "unknown". */
  format: string;
  /** Why the file was not imported; the other files still are. */
  error?: string;
  warnings: string[];
  /** Score rows (or full-set metrics) the file contributed. */
  rows: number;
  /** The models and benchmarks the file gave data for, so its data can be removed again. */
  models?: string[];
  benchmarks?: string[];
}

export interface ImportResult {
  study: Study;
  files: FileReport[];
  warnings: string[];
  /** Alternatives the user may pick through `ImportOptions.lmEval`. */
  choices: { lmEvalFilters: string[]; lmEvalMetrics: string[] };
}

/** What one importer hands back for one file (or one group of files). */
export interface Part {
  study: Study;
  rows: number;
  warnings: string[];
}

/** Shared state of one import run, passed to every importer. */
export interface ImportContext {
  options: ImportOptions;
  /** Reports `n` more bytes read. */
  progress(n: number): void;
  /** Throws an AbortError when the run was cancelled. */
  checkAbort(): void;
  filters: Set<string>;
  metrics: Set<string>;
}

/** An error thrown when the caller aborted the import. */
export function abortError(): Error {
  const e = new Error('import cancelled');
  e.name = 'AbortError';
  return e;
}
