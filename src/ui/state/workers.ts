/**
 * Typed Comlink clients of the two workers, and the request counter that makes the newest request win.
 * Vite bundles each worker as its own chunk (new URL(…, import.meta.url)).
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { ComputeApi, IngestApi } from '../../../workers/protocol.ts';

export type { ComputeApi, IngestApi };

/** Request ids: every new request supersedes the ones before it. */
export class LatestRequest {
  private last = 0;
  /** A fresh id, larger than every earlier one. */
  next(): number {
    return ++this.last;
  }
  /** True while `id` is the newest request. */
  isCurrent(id: number): boolean {
    return id === this.last;
  }
  get current(): number {
    return this.last;
  }
}

export function computeWorker(): Remote<ComputeApi> {
  const worker = new Worker(new URL('../../../workers/compute.worker.ts', import.meta.url), {
    type: 'module',
    name: 'compute',
  });
  return wrap<ComputeApi>(worker);
}

/** Import progress in bytes, for the progress bar. */
export interface ImportProgress {
  bytes: number;
  total: number;
}

export function ingestWorker(): Remote<IngestApi> {
  const worker = new Worker(new URL('../../../workers/ingest.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ingest',
  });
  return wrap<IngestApi>(worker);
}

export { proxy };
