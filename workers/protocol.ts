/**
 * What crosses between the page and its workers: the request and response types and the API each worker exposes
 * over Comlink. Workers import only this file and src/core; the page imports only the types.
 */
import type { ImportOptions, ImportResult } from '../src/core/ingest/index.ts';
import type { ComputeProgress, ComputeRequest, ComputeResponse } from '../src/core/pipeline/engine.ts';
import type { Study } from '../src/core/study/study.ts';
import type { PredictParams, TargetSpec } from '../src/core/study/types.ts';

export type {
  ComputeProgress,
  ComputeRequest,
  ComputeResponse,
  DifficultyView,
  PlotData,
} from '../src/core/pipeline/engine.ts';

/** The compute worker: the COD pipeline, the baselines and the example study, off the page's thread. */
export interface ComputeApi {
  /** The built-in example study (made once per worker). */
  example(): Study;
  /** Makes the built-in example the study `version` without sending it (`setStudy` with the worker's own copy). */
  useExample(version: number): void;
  defaults(): { product: PredictParams; paper: PredictParams };
  defaultTarget(study: Study): TargetSpec | null;
  /** Replaces the study; `version` changes whenever the study changes, and drops every cached stage. */
  setStudy(study: Study, version: number): void;
  /** Runs a request; `onProgress` is a Comlink.proxy. A newer request supersedes this one at a stage boundary. */
  run(req: ComputeRequest, onProgress?: (p: ComputeProgress) => void): Promise<ComputeResponse>;
  cancel(requestId: number): void;
}

/** Options of an import request: ImportOptions plus its request id and the files' paths in a dropped folder. */
export type IngestRequestOptions = Omit<ImportOptions, 'onProgress' | 'signal'> & {
  requestId?: number;
  paths?: string[];
};

/** The ingest worker: importFiles of src/core/ingest, with progress and cancel. */
export interface IngestApi {
  importFiles(
    files: File[],
    options?: IngestRequestOptions,
    onProgress?: (bytesRead: number, totalBytes: number) => void,
  ): Promise<ImportResult>;
  /** Aborts the import started with this request id; the pending call rejects with an AbortError. */
  cancel(requestId: number): void;
}
