/** The pinned runs of the open session, as page state; the session record stores them (schema field `runs`). */
import type { PredictParams, PredictResult, TargetSpec } from '../../core/study/types.ts';
import { pinRun, type PinnedRun } from '../../core/session/runs.ts';

export class RunsState {
  runs: PinnedRun[] = $state([]);

  /** Pins the current settings and results under the next free name; returns the run. */
  pin(target: TargetSpec, params: PredictParams, results: PredictResult[]): PinnedRun {
    const run = pinRun(this.runs, target, params, results);
    this.runs = [...this.runs, run];
    return run;
  }

  remove(id: string): void {
    this.runs = this.runs.filter((r) => r.id !== id);
  }

  rename(id: string, name: string): void {
    const trimmed = name.trim();
    if (trimmed) this.runs = this.runs.map((r) => (r.id === id ? { ...r, name: trimmed } : r));
  }

  /** Replaces the runs, e.g. with those of a session just opened. */
  replace(runs: PinnedRun[]): void {
    this.runs = runs;
  }
}
