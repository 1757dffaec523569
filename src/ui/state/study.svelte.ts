/**
 * The study and the choices made on it: the parameters, the target, the views and the files it came from.
 * Every change goes through a method (never an assignment from a section), so each one bumps what it invalidates.
 */
import { DEFAULT_PARAMS } from '../../core/study/params.ts';
import { parseComputeEntry, parseCount, type ComputeEntry } from '../../core/compute/notation.ts';
import { withoutData } from '../../core/study/edit.ts';
import { emptyStudy, sixND, type ModelInfo, type Role, type Study } from '../../core/study/study.ts';
import type { PredictParams } from '../../core/study/types.ts';
import { defaultView, type FileEntry, type TargetChoice, type ViewState } from '../../core/session/schema.ts';
import { resolveTarget } from './target.ts';

export class StudyState {
  study: Study = $state.raw(emptyStudy());
  /** Bumped on every change of the study (import, role, compute), so caches downstream know. */
  version = $state(0);
  example = $state(false);
  files: FileEntry[] = $state.raw([]);
  importWarnings: string[] = $state.raw([]);
  /** Replaced whole by setParam/setParams, so no section can change it in place. */
  params: Readonly<PredictParams> = $state.raw({ ...DEFAULT_PARAMS });
  target: TargetChoice | null = $state.raw(null);
  view: ViewState = $state(defaultView());
  /** Per-model errors of size and compute edits, shown beside the input. */
  editErrors: Record<string, string> = $state.raw({});

  readonly resolved = $derived(resolveTarget(this.study, this.target));
  readonly benchmark = $derived(
    this.study.benchmarks.some((b) => b.name === this.view.benchmark)
      ? this.view.benchmark
      : (this.study.benchmarks[0]?.name ?? null),
  );

  /** Replaces the study (keeping parameters, target and view). */
  setStudy(study: Study): void {
    this.study = study;
    this.version++;
    this.editErrors = {};
  }

  /** Starts over on a study: default parameters, default views, no target. */
  reset(study: Study, files: FileEntry[], example: boolean): void {
    this.params = { ...DEFAULT_PARAMS };
    this.view = defaultView();
    this.target = null;
    this.files = files;
    this.importWarnings = [];
    this.example = example;
    this.setStudy(study);
  }

  /** The one way to change a parameter. */
  setParam<K extends keyof PredictParams>(key: K, value: PredictParams[K]): void {
    if (this.params[key] === value) return;
    this.params = { ...this.params, [key]: value };
  }

  /** Replaces every parameter (a preset, or a restored session). */
  setParams(params: PredictParams): void {
    this.params = { ...params };
  }

  setTarget(choice: TargetChoice | null): void {
    this.target = choice;
  }

  selectBenchmark(name: string): void {
    this.view.benchmark = name;
  }

  setProjection(projection: ViewState['projection']): void {
    this.view.projection = projection;
  }

  setRole(model: string, role: Role): void {
    this.updateModel(model, (m) => ({ ...m, role }));
    if (role === 'target') this.target = { kind: 'model', name: model };
  }

  /**
   * Sets a model's training compute from text: FLOPs ("3.8e24", "6e23 FLOPs") or a run ("70B on 15T tokens");
   * an empty text clears it. A bare size ("7B") is refused with a hint. Returns the error, or null.
   */
  setCompute(model: string, text: string): string | null {
    let entry: ComputeEntry;
    try {
      entry = parseComputeEntry(text);
    } catch (e) {
      return this.editError(model, (e as Error).message);
    }
    this.updateModel(model, (m) => ({
      ...m,
      ...(entry.params !== undefined ? { params: entry.params } : {}),
      ...(entry.tokens !== undefined ? { tokens: entry.tokens } : {}),
      flops: entry.flops,
      computeSource: entry.flops === undefined ? 'none' : 'user',
    }));
    return this.editError(model, null);
  }

  /** Sets a model's parameters or training tokens (a count such as "7B"); compute follows as 6·N·D when both are known. */
  setSize(model: string, field: 'params' | 'tokens', text: string): string | null {
    let value: number | undefined;
    try {
      value = parseCount(text, field);
    } catch (e) {
      return this.editError(model, (e as Error).message);
    }
    this.updateModel(model, (m) => {
      const next: ModelInfo = { ...m, [field]: value };
      const flops = sixND(next.params, next.tokens);
      if (flops !== undefined && (m.computeSource !== 'file' || m.flops === undefined)) {
        next.flops = flops;
        next.computeSource = '6ND';
      }
      return next;
    });
    return this.editError(model, null);
  }

  /** Leaves a model out of the study altogether (its scores, metrics and role). */
  removeModel(model: string): void {
    const s = withoutData(this.study, (m) => m === model);
    this.setStudy({ ...s, models: s.models.filter((m) => m.name !== model) });
    if (this.target?.kind === 'model' && this.target.name === model) this.target = null;
    this.example = false;
  }

  private updateModel(model: string, change: (m: ModelInfo) => ModelInfo): void {
    this.setStudy({
      ...this.study,
      models: this.study.models.map((m) => (m.name === model ? change(m) : m)),
    });
    this.example = false;
  }

  private editError(model: string, message: string | null): string | null {
    const { [model]: _old, ...rest } = this.editErrors;
    this.editErrors = message ? { ...rest, [model]: message } : rest;
    return message;
  }
}
