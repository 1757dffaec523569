/** Ingest worker: Comlink wiring only; the work is importFiles of src/core/ingest. */
import * as Comlink from 'comlink';
import { importFiles, type InputFile } from '../src/core/ingest/index.ts';
import type { IngestApi } from './protocol.ts';

/** A browser File as an InputFile; `path` is its place in a dropped folder (custom File properties do not cross to a worker). */
export function fileToInput(f: File, path?: string): InputFile {
  return {
    path: path || f.webkitRelativePath || f.name,
    size: f.size,
    stream: () => f.stream() as ReadableStream<Uint8Array>,
    bytes: async () => new Uint8Array(await f.arrayBuffer()),
  };
}

const running = new Map<number, AbortController>();

const api: IngestApi = {
  /** Imports files; `onProgress` (a Comlink.proxy) gets bytes read / total; `cancel(requestId)` aborts. */
  async importFiles(files, options = {}, onProgress) {
    const controller = new AbortController();
    const id = options.requestId;
    if (id !== undefined) running.set(id, controller);
    try {
      const { requestId: _id, paths, ...rest } = options;
      const inputs = files.map((f, i) => fileToInput(f, paths?.[i]));
      return await importFiles(inputs, { ...rest, onProgress, signal: controller.signal });
    } finally {
      if (id !== undefined) running.delete(id);
    }
  },
  cancel(requestId) {
    running.get(requestId)?.abort();
  },
};

export type Api = IngestApi;
Comlink.expose(api);
