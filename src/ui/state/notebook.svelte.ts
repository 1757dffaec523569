/**
 * The notebook: the study and its parameters (`doc`), the compute worker's client (`compute`), the ingest worker's
 * client (`imports`) and the session (`session`), and the policies that tie them: what an import does to the open
 * study, when results are current, what is saved. Sections read state from here and change it only through methods.
 */
import type { Remote } from 'comlink';
import { DEFAULT_MC_SIGNAL, type McSignal } from '../../core/ingest/choices.ts';
import { DEFAULT_PARAMS, PAPER_PARAMS } from '../../core/study/params.ts';
import { emptyStudy, findModel, mergeStudies, type Role, type Study } from '../../core/study/study.ts';
import type { PredictParams } from '../../core/study/types.ts';
import { anyComputing, sectionStates, type SectionState } from '../views/status.ts';
import { ComputeClient, type ComputeInput } from './compute-client.svelte.ts';
import type { ExampleAnswer } from '../../core/pipeline/answers.ts';
import { ShippedAnswer } from './example-answer.svelte.ts';
import { ImportClient, pathOf } from './import-client.svelte.ts';
import type { ComputeResponse } from '../../../workers/protocol.ts';
import {
  SESSION_VERSION,
  studySize,
  type SectionId,
  type FileEntry,
  type SessionRecord,
  type TargetChoice,
} from '../../core/session/schema.ts';
import { SessionState, newSessionId } from './session.svelte.ts';
import type { SessionStore } from './sessions.ts';
import { decodeSession, encodeSession, isSharedSession, shareFileName } from '../../core/session/file.ts';
import { StudyState } from './study.svelte.ts';
import { RunsState } from './runs.svelte.ts';
import type { PinnedRun } from '../../core/session/runs.ts';
import { removeFileData, type ImportChoice, type PendingImport } from './import-policy.ts';
import type { ComputeApi, IngestApi } from './workers.ts';

export { pathOf };

export interface NotebookDeps {
  compute: Remote<ComputeApi>;
  /** A second compute worker that runs the baselines beside COD. */
  baselines?: Remote<ComputeApi>;
  ingest: () => Remote<IngestApi>;
  store: SessionStore;
  /** The built-in example's answer computed ahead (virtual:example-answer), or null where there is none. */
  exampleAnswer?: () => Promise<ExampleAnswer | null>;
  /** Runs `task` once the page has rendered and is idle. */
  whenIdle?: (task: () => void) => void;
}

export class Notebook {
  readonly doc = new StudyState();
  /** Pinned runs: saved with the session and in its shared file. */
  readonly runs = new RunsState();
  readonly compute: ComputeClient;
  readonly imports: ImportClient;
  readonly session: SessionState;
  loaded = $state(false);
  /** Files imported while a study is open, waiting for the user to add them to it or start a new session. */
  pending: PendingImport | null = $state.raw(null);
  /** What scores the questions of multiple-choice lm-eval samples in the next import. */
  mcSignal: McSignal = $state(DEFAULT_MC_SIGNAL);
  /** The example's answer computed at build time, while it is on screen, and its check by the workers. */
  readonly shipped = new ShippedAnswer();
  /** True while the answer on screen is the shipped one, or the workers' own that checked it. */
  readonly showsExampleAnswer: boolean;
  /** The session as it was before the last import choice, for Undo. */
  undoRecord: SessionRecord | null = $state.raw(null);

  /** Everything the results on screen depend on. */
  readonly requestKey: string;
  /** What a save depends on. */
  readonly saveKey: string;
  /** The compute answer for exactly the inputs on screen, or null. */
  readonly result: ComputeResponse | null;
  /**
   * COD's answer for exactly the inputs on screen (difficulty, clusters, mapping), or null; there before `result`
   * while the baselines are still computing.
   */
  readonly codResult: ComputeResponse | null;
  /** What each section may show: current, computing, refused (with the reason) or error. */
  readonly sections: Record<SectionId, SectionState>;
  /** True while any section is computing (the page's `busy` state). */
  readonly busy: boolean;

  constructor(private readonly deps: NotebookDeps) {
    this.compute = new ComputeClient(deps.compute, deps.baselines);
    this.imports = new ImportClient(deps.ingest);
    this.session = new SessionState(deps.store);
    this.requestKey = $derived(
      JSON.stringify([this.doc.version, this.doc.params, this.doc.resolved.spec, this.doc.benchmark]),
    );
    this.saveKey = $derived(
      JSON.stringify([
        this.doc.version,
        this.doc.params,
        this.doc.target,
        this.doc.view,
        this.doc.files,
        this.session.name,
        this.runs.runs,
      ]),
    );
    this.result = $derived(this.compute.resultKey === this.requestKey ? this.compute.result : null);
    this.codResult = $derived(this.compute.codKey === this.requestKey ? this.compute.codResult : this.result);
    this.sections = $derived(
      sectionStates({
        loaded: this.loaded,
        importing: this.imports.busy,
        targetError: this.doc.resolved.error,
        hasData: this.doc.study.models.length > 0,
        benchmark: this.doc.benchmark,
        current: this.result,
        cod: this.codResult,
        error: this.compute.errorKey === this.requestKey ? this.compute.error : null,
      }),
    );
    this.showsExampleAnswer = $derived(this.shipped.shows(this.requestKey, this.result));
    this.busy = $derived(!this.loaded || anyComputing(this.sections));
  }

  // Read-only shortcuts for the sections.
  get study(): Study {
    return this.doc.study;
  }
  get params(): Readonly<PredictParams> {
    return this.doc.params;
  }
  get benchmark(): string | null {
    return this.doc.benchmark;
  }

  /** Opens the last session, else the built-in example. */
  async init(): Promise<void> {
    // The example is what a first visit opens: asked for while the session store is looked up, not after.
    const example = this.exampleParts();
    let opened = false;
    try {
      const rec = await this.session.lastRecord();
      if (rec) {
        this.apply(rec, true);
        opened = true;
      }
    } catch (e) {
      this.session.storageError = `Could not open the last session: ${(e as Error).message}`;
    }
    if (!opened) await this.openExample(example);
    else void example.catch(() => {});
    await this.session.refresh();
  }

  /** The example study (made by the worker) and its answer computed at build time, when there is one. */
  private exampleParts(): Promise<[Study, ExampleAnswer | null]> {
    return Promise.all([
      this.compute.worker.example(),
      this.deps.exampleAnswer?.().catch(() => null) ?? null,
    ]);
  }

  async openExample(parts = this.exampleParts()): Promise<void> {
    const [study, answer] = await parts;
    this.session.fresh('Example study');
    this.doc.reset(study, [], true);
    this.compute.useExample(this.doc.version);
    this.runs.replace([]);
    await this.ensureTarget();
    this.loaded = true;
    this.session.cleanKey = this.saveKey;
    const input = this.computeInput();
    const later = this.deps.whenIdle ?? ((t) => setTimeout(t, 0));
    if (answer && input && this.shipped.show(this.compute, input, answer, later)) return;
    // The request goes out now, so the workers compute while the page builds its sections.
    void this.recompute();
  }

  /** An empty session: nothing loaded, default parameters; the next import fills it. */
  newSession(): void {
    this.pending = null;
    this.session.fresh('New session');
    this.doc.reset({ models: [], benchmarks: [], metrics: [], warnings: [] }, [], false);
    this.runs.replace([]);
    this.loaded = true;
    this.session.cleanKey = this.saveKey;
  }

  /** Opens a session record without storing it (a published analysis); later edits are saved as usual. */
  async openRecord(rec: SessionRecord): Promise<void> {
    this.apply(rec, false);
    await this.ensureTarget();
    this.session.cleanKey = this.saveKey;
    await this.session.refresh();
  }

  private apply(rec: SessionRecord, stored: boolean): void {
    this.session.adopt(rec, stored);
    this.doc.files = rec.files;
    this.doc.importWarnings = [];
    this.doc.setParams(rec.params);
    this.doc.target = rec.target;
    this.doc.view = rec.view;
    this.doc.setStudy(rec.study);
    this.doc.example = rec.example;
    this.runs.replace(rec.runs ?? []);
    this.loaded = true;
    this.session.cleanKey = this.saveKey;
  }

  private async ensureTarget(): Promise<void> {
    if (this.doc.target && this.doc.resolved.spec) return;
    if (!this.doc.study.models.length) return;
    // The default target is a choice among the models: their list crosses to the worker, not every score.
    const models = $state.snapshot(this.doc.study.models) as Study['models'];
    const t = await this.compute.worker.defaultTarget({ ...emptyStudy(), models });
    this.doc.target = t
      ? findModel(this.doc.study, t.name)
        ? { kind: 'model', name: t.name }
        : { kind: 'planned', text: `${t.flops.toExponential(2)} FLOPs` }
      : null;
  }

  // ---- parameters and edits (the one way sections change inputs) ------------------------------------------

  setParam<K extends keyof PredictParams>(key: K, value: PredictParams[K]): void {
    this.doc.setParam(key, value);
  }

  /** Replaces every parameter (a pinned run, a sweep's choice). */
  setParams(params: PredictParams): void {
    this.doc.setParams(params);
  }

  preset(which: 'default' | 'paper'): void {
    this.doc.setParams(which === 'paper' ? PAPER_PARAMS : DEFAULT_PARAMS);
  }

  setTarget(choice: TargetChoice | null): void {
    this.doc.setTarget(choice);
  }

  setRole(model: string, role: Role): void {
    this.doc.setRole(model, role);
  }

  setCompute(model: string, text: string): string | null {
    return this.doc.setCompute(model, text);
  }

  setSize(model: string, field: 'params' | 'tokens', text: string): string | null {
    return this.doc.setSize(model, field, text);
  }

  removeModel(model: string): void {
    this.doc.removeModel(model);
  }

  /** Removes what one imported file contributed (its models' scores and metrics), and the file from the list. */
  removeFile(path: string): void {
    const entry = this.doc.files.find((f) => f.path === path);
    if (!entry) return;
    this.doc.setStudy(removeFileData(this.doc.study, entry, this.doc.files));
    this.doc.files = this.doc.files.filter((f) => f !== entry);
    this.doc.example = false;
    if (this.doc.target?.kind === 'model' && !findModel(this.doc.study, this.doc.target.name)) {
      this.doc.target = null;
      void this.ensureTarget();
    }
  }

  selectBenchmark(name: string): void {
    this.doc.selectBenchmark(name);
  }

  // ---- computation ---------------------------------------------------------------------------------------

  /**
   * Recomputes what the current inputs need, unless they cannot be computed; inputs already answered stop whatever
   * is computing for others (see ComputeClient.run).
   */
  async recompute(): Promise<void> {
    const input = this.computeInput();
    if (!this.loaded || !input || !this.doc.study.models.length) return;
    await this.compute.run(input);
  }

  /** The inputs on screen as a compute request, or null without a target. */
  private computeInput(): ComputeInput | null {
    const spec = this.doc.resolved.spec;
    if (!spec) return null;
    return {
      key: this.requestKey,
      study: this.doc.study,
      version: this.doc.version,
      target: spec,
      params: this.doc.params,
      benchmark: this.doc.benchmark,
    };
  }

  cancelCompute(): void {
    this.compute.cancel(this.requestKey);
  }

  // ---- imports -------------------------------------------------------------------------------------------

  /**
   * Imports dropped or chosen files. Onto the example or an empty session they start a new study; onto a study
   * the user has, the user chooses (`chooseImport`) between adding them to it and a new session.
   */
  async importFiles(dropped: File[]): Promise<void> {
    const shared = dropped.filter((f) => isSharedSession(pathOf(f)));
    if (shared.length) await this.openSharedSession(shared[shared.length - 1]);
    const files = dropped.filter((f) => !isSharedSession(pathOf(f)));
    if (!files.length) return;
    this.pending = null;
    const got = await this.imports.run(files, { mcSignal: this.mcSignal });
    if (!got) return;
    const { result, entries } = got;
    const name = files[0].name.replace(/\.(models|scores|metrics)?\.?[a-z]+$/i, '') || 'Imported study';
    const pending: PendingImport = { study: result.study, entries, warnings: result.warnings, name };
    const hasData = result.study.models.length > 0 || result.study.benchmarks.length > 0;
    if (!hasData) {
      this.doc.files = [...(this.doc.example ? [] : this.doc.files), ...entries];
      if (!entries.some((f) => f.error)) this.imports.error = 'No results found in these files.';
      return;
    }
    if (this.doc.example || !this.doc.study.models.length) await this.chooseImport('new', pending);
    else this.pending = pending;
  }

  /** Applies a pending import: added to the open study, or as a new session. Undo restores what was before. */
  async chooseImport(choice: ImportChoice, pending = this.pending): Promise<void> {
    if (!pending) return;
    this.pending = null;
    const before = this.doc.example || !this.doc.study.models.length ? null : this.record();
    if (choice === 'add') {
      let merged: Study;
      try {
        merged = mergeStudies([this.doc.study, pending.study]);
      } catch (e) {
        this.imports.error = `Not added to the open study: ${(e as Error).message}`;
        return;
      }
      this.doc.files = [...this.doc.files, ...pending.entries];
      this.doc.setStudy(merged);
      this.doc.example = false;
    } else {
      this.session.fresh(pending.name);
      this.doc.reset(pending.study, pending.entries, false);
      this.runs.replace([]);
    }
    this.doc.importWarnings = pending.warnings;
    this.undoRecord = before;
    await this.ensureTarget();
  }

  /** Returns to the session as it was before the last import choice. */
  async undoImport(): Promise<void> {
    const rec = this.undoRecord;
    if (!rec) return;
    this.undoRecord = null;
    const current = this.session.id;
    this.apply(rec, true);
    if (current !== rec.id) await this.session.remove(current);
    this.session.cleanKey = '';
  }

  discardImport(): void {
    this.pending = null;
  }

  dismissUndo(): void {
    this.undoRecord = null;
  }

  cancelImport(): void {
    this.imports.cancel();
  }

  // ---- sessions ------------------------------------------------------------------------------------------

  record(): SessionRecord {
    return {
      id: this.session.id,
      name: this.session.name,
      created: this.session.created,
      updated: Date.now(),
      version: SESSION_VERSION,
      example: this.doc.example,
      study: this.doc.study,
      params: { ...this.doc.params },
      target: $state.snapshot(this.doc.target) as TargetChoice | null,
      view: $state.snapshot(this.doc.view),
      files: $state.snapshot(this.doc.files) as FileEntry[],
      size: studySize(this.doc.study),
      runs: $state.snapshot(this.runs.runs) as PinnedRun[],
    };
  }

  async save(): Promise<void> {
    await this.session.save(this.record(), this.saveKey);
  }

  /** The open session as a `.scalecast.json` file another person can open in any copy of the app. */
  exportSession(): { name: string; text: string } {
    return { name: shareFileName(this.session.name), text: encodeSession(this.record()) };
  }

  /** Opens a shared session file as a new saved session; a bad file leaves the current one as it is. */
  async openSharedSession(file: File): Promise<void> {
    try {
      const rec = decodeSession(await file.text(), pathOf(file), DEFAULT_PARAMS);
      this.apply({ ...rec, id: newSessionId(), example: false }, false);
      await this.save();
    } catch (e) {
      this.imports.error = (e as Error).message;
    }
  }

  async openSession(id: string): Promise<void> {
    const rec = await this.session.load(id);
    if (rec) this.apply(rec, true);
  }

  /** After another tab saved this session: take its version (this tab's unsaved edits are dropped). */
  async reloadSession(): Promise<void> {
    await this.openSession(this.session.id);
  }

  /** After another tab saved this session: keep this tab's edits as a new session. */
  async forkSession(): Promise<void> {
    this.session.fresh(`${this.session.name} (copy)`);
    await this.save();
  }

  async renameSession(id: string, name: string): Promise<void> {
    await this.session.rename(id, name);
  }

  async deleteSession(id: string): Promise<void> {
    await this.session.remove(id);
    if (id === this.session.id) await this.openExample();
  }
}
