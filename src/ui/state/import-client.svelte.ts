/**
 * The page's side of the ingest worker: imports files with byte progress, newest request wins, cancellable.
 * What to do with the imported study (replace, add, new session) is the notebook's decision, not this client's.
 */
import type { Remote } from 'comlink';
import type { ImportOptions, ImportResult } from '../../core/ingest/index.ts';
import type { FileEntry } from '../../core/session/schema.ts';
import { LatestRequest, proxy, type ImportProgress, type IngestApi } from './workers.ts';

export class ImportClient {
  progress: ImportProgress | null = $state.raw(null);
  error: string | null = $state(null);
  private readonly requests = new LatestRequest();
  private api: Remote<IngestApi> | null = null;

  constructor(private readonly connect: () => Remote<IngestApi>) {}

  get busy(): boolean {
    return this.progress !== null;
  }

  /** Imports files; resolves to the result and file entries, or null when superseded, cancelled or failed. */
  async run(
    files: File[],
    lmEval?: ImportOptions['lmEval'],
  ): Promise<{ result: ImportResult; entries: FileEntry[] } | null> {
    const id = this.requests.next();
    this.progress = { bytes: 0, total: files.reduce((s, f) => s + f.size, 0) };
    this.error = null;
    let settled = false;
    this.api ??= this.connect();
    try {
      const result = await this.api.importFiles(
        files,
        { requestId: id, paths: files.map(pathOf), lmEval },
        proxy((bytes: number, all: number) => {
          if (!settled && this.requests.isCurrent(id)) this.progress = { bytes, total: all };
        }),
      );
      settled = true;
      if (!this.requests.isCurrent(id)) return null;
      const sizes: Record<string, number> = Object.fromEntries(files.map((f) => [pathOf(f), f.size]));
      const entries: FileEntry[] = result.files.map((f) => ({
        path: f.path,
        format: f.format,
        rows: f.rows,
        error: f.error,
        warnings: f.warnings,
        size: sizes[f.path] ?? 0,
        models: f.models,
        benchmarks: f.benchmarks,
      }));
      return { result, entries };
    } catch (e) {
      settled = true;
      if (this.requests.isCurrent(id) && (e as Error).name !== 'AbortError') {
        this.error = (e as Error).message ?? String(e);
      }
      return null;
    } finally {
      if (this.requests.isCurrent(id)) this.progress = null;
    }
  }

  cancel(): void {
    const id = this.requests.current;
    this.requests.next();
    if (this.api) void this.api.cancel(id);
    this.progress = null;
  }
}

/** The path a File was dropped with (folder drops set webkitRelativePath or our own relativePath). */
export function pathOf(f: File): string {
  const withPath = f as File & { relativePath?: string };
  return withPath.relativePath || f.webkitRelativePath || f.name;
}
