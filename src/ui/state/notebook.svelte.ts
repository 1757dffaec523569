/**
 * The notebook's state: the study, its edits, the parameters, the target, the views, the results and the
 * sessions. Computation and imports run in workers; only the newest request's answer is shown.
 */
import type { Remote } from 'comlink';
import { DEFAULT_PARAMS } from '../../core/study/params.ts';
import { parseQuantity } from '../../core/compute/compute.ts';
import { resolveTarget } from './target.ts';
import { emptyStudy, findModel, mergeStudies, type Role, type Study } from '../../core/study/study.ts';
import type { PredictParams, PredictResult } from '../../core/study/types.ts';
import type { ComputeProgress, ComputeResponse } from './engine.ts';
import {
  SESSION_VERSION,
  defaultView,
  studySize,
  type FileEntry,
  type SessionRecord,
  type SessionSummary,
  type TargetChoice,
  type ViewState,
} from './schema.ts';
import { storageMessage, type SessionStore } from './sessions.ts';
import { decodeSession, encodeSession, isSharedSession, shareFileName } from './share.ts';
import { LatestRequest, proxy, type ComputeApi, type ImportProgress, type IngestApi } from './workers.ts';

export interface NotebookDeps {
  compute: Remote<ComputeApi>;
  /** A second compute worker for the baselines, so they run beside COD; without it COD's worker runs them. */
  baselines?: Remote<ComputeApi>;
  ingest: () => Remote<IngestApi>;
  store: SessionStore;
}

function newId(): string {
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export class Notebook {
  private readonly deps: NotebookDeps;
  /** True when the baselines have their own worker. */
  private separateBaselines = false;
  study: Study = $state.raw(emptyStudy());
  /** Bumped on every change of the study (import, role, compute), so caches downstream know. */
  studyVersion = $state(0);
  example = $state(false);
  files: FileEntry[] = $state([]);
  importWarnings: string[] = $state([]);
  params: PredictParams = $state({ ...DEFAULT_PARAMS });
  target: TargetChoice | null = $state(null);
  view: ViewState = $state(defaultView());
  /** Per-model errors of compute edits, shown beside the input. */
  computeEditErrors: Record<string, string> = $state({});

  result: ComputeResponse | null = $state.raw(null);
  computing: ComputeProgress | null = $state(null);
  computeError: string | null = $state(null);
  importing: ImportProgress | null = $state(null);
  importError: string | null = $state(null);

  sessionId = $state(newId());
  sessionName = $state('Example study');
  created = $state(Date.now());
  sessions: SessionSummary[] = $state([]);
  storageError: string | null = $state(null);
  savedAt = $state(0);
  loaded = $state(false);
  /** saveKey of what is stored (or deliberately not stored: a freshly opened session or example). */
  cleanKey = $state('');

  /** Baseline results when they come from their own worker. */
  private baselineResult: PredictResult[] = $state.raw([]);
  private baselineFinished = $state('');
  private baselineVersion = -1;
  private readonly baselineRequests = new LatestRequest();
  private finishedKey = $state('');
  private cancelledKey = $state('');
  private sentVersion = -1;
  private readonly computeRequests = new LatestRequest();
  private readonly importRequests = new LatestRequest();
  private ingestApi: Remote<IngestApi> | null = null;

  readonly resolved = $derived(resolveTarget(this.study, this.target));
  readonly benchmark = $derived(
    this.study.benchmarks.some((b) => b.name === this.view.benchmark)
      ? this.view.benchmark
      : (this.study.benchmarks[0]?.name ?? null),
  );
  /** Everything the results on screen depend on. */
  readonly requestKey = $derived(
    JSON.stringify([this.studyVersion, this.params, this.resolved.spec, this.benchmark]),
  );
  /** What a save depends on. */
  readonly saveKey = $derived(
    JSON.stringify([
      this.studyVersion,
      this.params,
      this.target,
      this.view,
      this.files.length,
      this.sessionName,
    ]),
  );
  /** What the baselines depend on. */
  readonly baselineKey = $derived(JSON.stringify([this.studyVersion, this.resolved.spec]));
  readonly baselines: PredictResult[] = $derived(
    this.separateBaselines ? this.baselineResult : (this.result?.baselines ?? []),
  );
  readonly busy = $derived(
    this.importing !== null ||
      (this.separateBaselines &&
        this.loaded &&
        this.resolved.spec !== null &&
        this.baselineFinished !== this.baselineKey &&
        this.cancelledKey !== this.requestKey) ||
      this.computing !== null ||
      (this.loaded &&
        this.resolved.spec !== null &&
        this.finishedKey !== this.requestKey &&
        this.cancelledKey !== this.requestKey),
  );

  constructor(deps: NotebookDeps) {
    this.deps = deps;
    this.separateBaselines = !!deps.baselines;
  }

  /** Opens the last session, else the built-in example. */
  async init(): Promise<void> {
    let opened = false;
    try {
      const last = await this.deps.store.lastId();
      const rec = last ? await this.deps.store.load(last) : null;
      if (rec) {
        this.apply(rec);
        opened = true;
      }
    } catch (e) {
      this.storageError = `Could not open the last session: ${(e as Error).message}`;
    }
    if (!opened) await this.openExample();
    await this.refreshSessions();
  }

  async openExample(): Promise<void> {
    const study = await this.deps.compute.example();
    this.sessionId = newId();
    this.sessionName = 'Example study';
    this.created = Date.now();
    this.files = [];
    this.importWarnings = [];
    this.params = { ...DEFAULT_PARAMS };
    this.view = defaultView();
    this.replaceStudy(study);
    this.example = true;
    await this.ensureTarget();
    this.loaded = true;
    this.cleanKey = this.saveKey;
  }

  private apply(rec: SessionRecord): void {
    this.sessionId = rec.id;
    this.sessionName = rec.name;
    this.created = rec.created;
    this.files = rec.files;
    this.params = rec.params;
    this.target = rec.target;
    this.view = rec.view;
    this.replaceStudy(rec.study);
    this.example = rec.example;
    this.loaded = true;
    this.cleanKey = this.saveKey;
  }

  private replaceStudy(study: Study): void {
    this.study = study;
    this.studyVersion++;
    this.computeEditErrors = {};
  }

  private async ensureTarget(): Promise<void> {
    if (this.target && this.resolved.spec) return;
    const t = await this.deps.compute.defaultTarget(this.study);
    this.target = t
      ? findModel(this.study, t.name)
        ? { kind: 'model', name: t.name }
        : { kind: 'planned', text: `${t.flops.toExponential(2)} FLOPs` }
      : null;
  }

  // ---- computation ---------------------------------------------------------------------------------------

  /** Recomputes what the current inputs need; older requests are dropped. */
  async recompute(): Promise<void> {
    const key = this.requestKey;
    const spec = this.resolved.spec;
    if (!this.loaded || !spec) return;
    const id = this.computeRequests.next();
    this.computing = { requestId: id, done: 0, total: 1, label: 'starting' };
    // Progress comes over its own channel and may land after the answer: it must not revive a finished bar.
    let settled = false;
    try {
      if (this.sentVersion !== this.studyVersion) {
        const v = this.studyVersion;
        await this.deps.compute.setStudy(this.study, v);
        this.sentVersion = v;
      }
      const res = await this.deps.compute.run(
        {
          requestId: id,
          target: { ...spec },
          params: $state.snapshot(this.params),
          benchmark: this.benchmark,
          baselines: !this.deps.baselines,
        },
        proxy((p: ComputeProgress) => {
          if (!settled && this.computeRequests.isCurrent(id)) this.computing = p;
        }),
      );
      settled = true;
      if (!this.computeRequests.isCurrent(id)) return;
      if (res.status === 'done') {
        this.result = res;
        this.computeError = null;
        this.finishedKey = key;
      }
      this.computing = null;
    } catch (e) {
      settled = true;
      if (!this.computeRequests.isCurrent(id)) return;
      this.computeError = (e as Error).message ?? String(e);
      this.finishedKey = key;
      this.computing = null;
    }
  }

  /** Runs the baselines in their own worker (they depend on the study and target only). */
  async recomputeBaselines(): Promise<void> {
    const api = this.deps.baselines;
    const key = this.baselineKey;
    const spec = this.resolved.spec;
    if (!api || !this.loaded || !spec) return;
    const id = this.baselineRequests.next();
    try {
      if (this.baselineVersion !== this.studyVersion) {
        const v = this.studyVersion;
        await api.setStudy(this.study, v);
        this.baselineVersion = v;
      }
      const res = await api.run({
        requestId: id,
        target: { ...spec },
        params: $state.snapshot(this.params),
        benchmark: null,
        baselines: true,
        cod: false,
      });
      if (!this.baselineRequests.isCurrent(id)) return;
      if (res.status === 'done') this.baselineResult = res.baselines;
      if (res.errors.length) this.computeError = res.errors.map((e) => e.message).join('; ');
      this.baselineFinished = key;
    } catch (e) {
      if (!this.baselineRequests.isCurrent(id)) return;
      this.computeError = `baselines: ${(e as Error).message ?? String(e)}`;
      this.baselineFinished = key;
    }
  }

  cancelCompute(): void {
    this.baselineRequests.next();
    this.baselineFinished = this.baselineKey;
    const id = this.computeRequests.current;
    this.computeRequests.next();
    void this.deps.compute.cancel(id);
    this.computing = null;
    this.cancelledKey = this.requestKey;
  }

  // ---- imports -------------------------------------------------------------------------------------------

  /** Imports dropped or chosen files; files that fail are listed with their error and change nothing. */
  async importFiles(dropped: File[]): Promise<void> {
    const shared = dropped.filter((f) => isSharedSession(pathOf(f)));
    if (shared.length) await this.openSharedSession(shared[shared.length - 1]);
    const files = dropped.filter((f) => !isSharedSession(pathOf(f)));
    if (!files.length) return;
    const id = this.importRequests.next();
    const total = files.reduce((s, f) => s + f.size, 0);
    this.importing = { bytes: 0, total };
    this.importError = null;
    let settled = false;
    this.ingestApi ??= this.deps.ingest();
    try {
      const res = await this.ingestApi.importFiles(
        files,
        { requestId: id, paths: files.map(pathOf) },
        proxy((bytes: number, all: number) => {
          if (!settled && this.importRequests.isCurrent(id)) this.importing = { bytes, total: all };
        }),
      );
      settled = true;
      if (!this.importRequests.isCurrent(id)) return;
      const sizes: Record<string, number> = Object.fromEntries(files.map((f) => [pathOf(f), f.size]));
      const entries: FileEntry[] = res.files.map((f) => ({
        path: f.path,
        format: f.format,
        rows: f.rows,
        error: f.error,
        warnings: f.warnings,
        size: sizes[f.path] ?? 0,
      }));
      const got = res.study.models.length > 0 || res.study.benchmarks.length > 0;
      if (got) {
        const wasExample = this.example;
        let merged: Study;
        try {
          merged = wasExample ? res.study : mergeStudies([this.study, res.study]);
        } catch (e) {
          settled = true;
          this.importError = `Not merged with the loaded study: ${(e as Error).message}`;
          this.files = [
            ...this.files,
            ...entries.map((f) => ({ ...f, error: f.error ?? 'conflicts with loaded data' })),
          ];
          return;
        }
        if (wasExample) {
          this.sessionId = newId();
          this.created = Date.now();
          this.sessionName =
            files[0].name.replace(/\.(models|scores|metrics)?\.?[a-z]+$/i, '') || 'Imported study';
          this.files = entries;
          this.view = defaultView();
          this.target = null;
        } else this.files = [...this.files, ...entries];
        this.replaceStudy(merged);
        this.example = false;
        await this.ensureTarget();
      } else {
        this.files = [...(this.example ? [] : this.files), ...entries];
        if (!entries.some((f) => f.error)) this.importError = 'No results found in these files.';
      }
      this.importWarnings = res.warnings;
    } catch (e) {
      if (this.importRequests.isCurrent(id) && (e as Error).name !== 'AbortError') {
        this.importError = (e as Error).message ?? String(e);
      }
    } finally {
      if (this.importRequests.isCurrent(id)) this.importing = null;
    }
  }

  cancelImport(): void {
    const id = this.importRequests.current;
    this.importRequests.next();
    if (this.ingestApi) void this.ingestApi.cancel(id);
    this.importing = null;
  }

  // ---- edits ---------------------------------------------------------------------------------------------

  setRole(model: string, role: Role): void {
    this.replaceStudy({
      ...this.study,
      models: this.study.models.map((m) => (m.name === model ? { ...m, role } : m)),
    });
    this.example = false;
    if (role === 'target') this.target = { kind: 'model', name: model };
  }

  /** Sets a model's compute from text ("3.8e24", "6e23 FLOPs"); an empty text clears it. */
  setCompute(model: string, text: string): void {
    let flops: number | undefined;
    try {
      flops = text.trim() === '' ? undefined : parseQuantity(text);
      if (flops !== undefined && !(flops > 0)) throw new Error('compute must be positive');
    } catch (e) {
      this.computeEditErrors = { ...this.computeEditErrors, [model]: (e as Error).message };
      return;
    }
    const { [model]: _drop, ...rest } = this.computeEditErrors;
    this.replaceStudy({
      ...this.study,
      models: this.study.models.map((m) =>
        m.name === model ? { ...m, flops, computeSource: flops === undefined ? 'none' : 'user' } : m,
      ),
    });
    this.computeEditErrors = rest;
    this.example = false;
  }

  selectBenchmark(name: string): void {
    this.view.benchmark = name;
  }

  // ---- sessions ------------------------------------------------------------------------------------------

  /** The open session as a `.scalecast.json` file another person can open in any copy of the app. */
  exportSession(): { name: string; text: string } {
    return { name: shareFileName(this.sessionName), text: encodeSession(this.record()) };
  }

  /** Opens a shared session file as a new saved session; a bad file leaves the current one as it is. */
  async openSharedSession(file: File): Promise<void> {
    try {
      const rec = decodeSession(await file.text(), pathOf(file), DEFAULT_PARAMS);
      this.apply({ ...rec, id: newId(), example: false });
      await this.save();
    } catch (e) {
      this.importError = (e as Error).message;
    }
  }

  record(): SessionRecord {
    return {
      id: this.sessionId,
      name: this.sessionName,
      created: this.created,
      updated: Date.now(),
      version: SESSION_VERSION,
      example: this.example,
      study: this.study,
      params: $state.snapshot(this.params),
      target: $state.snapshot(this.target),
      view: $state.snapshot(this.view),
      files: $state.snapshot(this.files),
      size: studySize(this.study),
    };
  }

  async save(): Promise<void> {
    const key = this.saveKey;
    try {
      await this.deps.store.save(this.record());
      this.cleanKey = key;
      this.storageError = null;
      this.savedAt = Date.now();
      await this.refreshSessions();
    } catch (e) {
      this.storageError = storageMessage(e);
    }
  }

  async refreshSessions(): Promise<void> {
    try {
      this.sessions = await this.deps.store.list();
    } catch (e) {
      this.storageError = storageMessage(e);
    }
  }

  async openSession(id: string): Promise<void> {
    try {
      const rec = await this.deps.store.load(id);
      if (!rec) throw new Error('it no longer exists');
      this.apply(rec);
      await this.deps.store.setLast(id);
    } catch (e) {
      this.storageError = `Could not open the session: ${(e as Error).message}`;
    }
  }

  async renameSession(id: string, name: string): Promise<void> {
    if (id === this.sessionId) this.sessionName = name;
    try {
      await this.deps.store.rename(id, name);
      await this.refreshSessions();
    } catch (e) {
      this.storageError = storageMessage(e);
    }
  }

  async deleteSession(id: string): Promise<void> {
    try {
      await this.deps.store.remove(id);
      if (id === this.sessionId) await this.openExample();
      await this.refreshSessions();
    } catch (e) {
      this.storageError = storageMessage(e);
    }
  }
}

/** The path a File was dropped with (folder drops set webkitRelativePath or our own relativePath). */
export function pathOf(f: File): string {
  const withPath = f as File & { relativePath?: string };
  return withPath.relativePath || f.webkitRelativePath || f.name;
}
