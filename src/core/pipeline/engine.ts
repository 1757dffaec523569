/**
 * The page's compute engine (behind workers/compute.worker.ts, pure TypeScript so it is tested in node): the staged
 * pipeline of stages.ts run benchmark by benchmark, yielding between stages so a newer request supersedes an older
 * one at its next stage boundary, with progress, timings and per-benchmark errors. One StageCache holds every stage
 * across requests, so a change of thresholds, law, mapping or target re-runs only the stages it feeds.
 */
import type { Study } from '../study/study.ts';
import type { BenchmarkPrediction, PredictParams, PredictResult, TargetSpec } from '../study/types.ts';
import { StageCache } from './cache.ts';
import { plotData, type PlotData } from './curves.ts';
import { difficultyView, type DifficultyView } from './difficulty.ts';
import type { Features } from './features.ts';
import { Pipeline, type PipelineStages } from './stages.ts';

export type { DifficultyView } from './difficulty.ts';
export type { PlotData } from './curves.ts';

type RunBaselines = (study: Study, target: TargetSpec, methods?: string[]) => PredictResult[];
/** `defaultSteps` of methods/default-steps.ts: the default method one run at a time, on the engine's cache. */
type DefaultSteps = (
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  cache: StageCache,
) => Generator<number, PredictResult>;

export interface ComputeRequest {
  requestId: number;
  target: TargetSpec;
  params: PredictParams;
  /** Benchmark whose difficulty view and plot curves are wanted; null for none. */
  benchmark: string | null;
  /** Run the baselines too (cached per target). */
  baselines: boolean;
  /** Run COD (default true); false asks for the baselines alone, e.g. from a second worker. */
  cod?: boolean;
  /**
   * Run the default method too (COD and the baselines weighted by the ladder's self-backtests): its result leads
   * `baselines`.
   */
  default?: boolean;
}

export interface ComputeProgress {
  requestId: number;
  done: number;
  total: number;
  label: string;
}

export interface ComputeResponse {
  requestId: number;
  status: 'done' | 'superseded' | 'cancelled';
  cod: PredictResult | null;
  baselines: PredictResult[];
  difficulty: DifficultyView | null;
  /** Curves of the selected benchmark's clusters and mapping. */
  plots: PlotData | null;
  /** Errors by benchmark ('' for the whole request), shown beside what caused them. */
  errors: { benchmark: string; message: string }[];
  /** Milliseconds per stage, and how many stages came from the cache. */
  timings: {
    features: number;
    clustering: number;
    prediction: number;
    baselines: number;
    default: number;
    total: number;
  };
  cacheHits: { features: number; clusterings: number };
}

export interface EngineDeps {
  /** Replacements of pipeline stages (tests count calls with them). */
  stages?: Partial<PipelineStages>;
  /** Loads the baselines on first use (they live in their own chunk). */
  runBaselines?: () => Promise<RunBaselines | null>;
  /** Loads the default method on first use (its own chunk too). */
  defaultSteps?: () => Promise<DefaultSteps | null>;
  /** Lets queued messages (a newer request, a cancel) in between stages. */
  yieldNow?: () => Promise<void>;
  now?: () => number;
  /** Most stage results kept. */
  cacheLimit?: number;
}

const defaultYield = () => new Promise<void>((r) => setTimeout(r, 0));

export class ComputeEngine {
  private study: Study | null = null;
  private version = -1;
  private readonly cache: StageCache;
  /** The staged pipeline behind the engine's cache; others may read through it (the sweep worker's R terms). */
  readonly pipeline: Pipeline;
  /** Difficulty views by features, which alone determine them (a PCA of every question is not free). */
  private readonly views = new WeakMap<Features, DifficultyView>();
  private latest = 0;
  private readonly cancelled = new Set<number>();
  private readonly yieldNow: () => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: EngineDeps = {}) {
    this.cache = new StageCache(deps.cacheLimit);
    this.pipeline = new Pipeline({ cache: this.cache, stages: deps.stages });
    this.yieldNow = deps.yieldNow ?? defaultYield;
    this.now = deps.now ?? (() => performance.now());
  }

  /** Replaces the study; `version` changes whenever the study (roles, compute, data) changes. */
  setStudy(study: Study, version: number): void {
    if (version === this.version) return;
    this.study = study;
    this.version = version;
    this.cache.clear();
  }

  get studyVersion(): number {
    return this.version;
  }

  get cacheSize(): { features: number; clusterings: number } {
    return { features: this.cache.size('features'), clusterings: this.cache.size('cluster') };
  }

  /** Stops a request at its next stage boundary. */
  cancel(requestId: number): void {
    this.cancelled.add(requestId);
  }

  async run(req: ComputeRequest, onProgress?: (p: ComputeProgress) => void): Promise<ComputeResponse> {
    this.latest = Math.max(this.latest, req.requestId);
    const { now } = this;
    const t0 = now();
    const out = emptyResponse(req.requestId);
    const study = this.study;
    if (!study) {
      out.errors.push({ benchmark: '', message: 'no study loaded' });
      return out;
    }
    const version = this.version;
    const prep = this.pipeline.prepare(study, req.target);
    const names = req.cod === false ? [] : prep.study.benchmarks.map((b) => b.name);
    const total =
      names.length * 3 +
      (req.baselines ? 1 : 0) +
      (req.default ? 1 : 0) +
      (req.benchmark && names.length ? 1 : 0);
    let done = 0;
    const step = (label: string) => onProgress?.({ requestId: req.requestId, done: ++done, total, label });
    const stop = async (): Promise<boolean> => {
      await this.yieldNow();
      if (this.cancelled.has(req.requestId)) out.status = 'cancelled';
      else if (this.latest > req.requestId || this.version !== version) out.status = 'superseded';
      else return false;
      this.cancelled.delete(req.requestId);
      return true;
    };
    const hits = (stage: string) => this.cache.stats(stage).hits;
    const timed = <T>(stage: keyof ComputeResponse['timings'], f: () => T): T => {
      const t = now();
      try {
        return f();
      } finally {
        out.timings[stage] += now() - t;
      }
    };
    const predictions: BenchmarkPrediction[] = [];
    const warnings: string[] = [];
    for (const name of names) {
      if (await stop()) return finish(out, t0, now);
      let f: Features | undefined;
      try {
        const h = hits('features');
        f = timed('features', () => this.pipeline.features(prep, name, req.params));
        out.cacheHits.features += hits('features') - h;
        step(`${name}: features`);
        const c = hits('cluster');
        if (!this.pipeline.hasClustering(prep, name, req.params) && (await stop()))
          return finish(out, t0, now);
        timed('clustering', () => this.pipeline.clustering(prep, name, req.params));
        out.cacheHits.clusterings += hits('cluster') - c;
        step(`${name}: clustering`);
        const p = timed('prediction', () => this.pipeline.benchmark(prep, name, req.target, req.params));
        predictions.push(p);
        if (name === req.benchmark) out.plots = plotData(p, req.target);
        step(`${name}: prediction`);
      } catch (e) {
        out.errors.push({ benchmark: name, message: messageOf(e) });
        warnings.push(`${name}: ${messageOf(e)}`);
      }
      if (name === req.benchmark && f) {
        try {
          let view = this.views.get(f);
          if (!view) this.views.set(f, (view = difficultyView(name, f)));
          out.difficulty = view;
        } catch (e) {
          out.errors.push({ benchmark: name, message: `difficulty view: ${messageOf(e)}` });
        }
        step(`${name}: difficulty view`);
      }
    }
    if (req.cod !== false) {
      out.cod = { target: req.target, method: 'cod', params: req.params, benchmarks: predictions, warnings };
    }
    if (req.baselines && this.deps.runBaselines) {
      if (await stop()) return finish(out, t0, now);
      await this.baselines(study, req.target, out);
      step('baselines');
    }
    if (req.default && this.deps.defaultSteps) {
      if (await stop()) return finish(out, t0, now);
      const t = now();
      try {
        const steps = await this.deps.defaultSteps();
        if (steps) {
          const run = steps(study, req.target, req.params, this.cache);
          let r = run.next();
          while (!r.done) {
            if (await stop()) return finish(out, t0, now);
            r = run.next();
          }
          out.baselines = [r.value, ...out.baselines];
        }
      } catch (e) {
        out.errors.push({ benchmark: '', message: `default: ${messageOf(e)}` });
      }
      out.timings.default = now() - t;
      step('default (self-backtests)');
    }
    await stop();
    return finish(out, t0, now);
  }

  /** The baselines for the target, cached per target (they depend on no parameter). */
  private async baselines(study: Study, target: TargetSpec, out: ComputeResponse): Promise<void> {
    const t = this.now();
    try {
      const run = await this.deps.runBaselines?.();
      if (run) {
        const key = JSON.stringify([target.name, target.flops]);
        out.baselines = this.cache.get('baselines', key, () => run(study, target));
      }
    } catch (e) {
      out.errors.push({ benchmark: '', message: `baselines: ${messageOf(e)}` });
    }
    out.timings.baselines = this.now() - t;
  }
}

/** A finished response with nothing in it, for the request `requestId`. */
export function emptyResponse(requestId: number): ComputeResponse {
  return {
    requestId,
    status: 'done',
    cod: null,
    baselines: [],
    difficulty: null,
    plots: null,
    errors: [],
    timings: { features: 0, clustering: 0, prediction: 0, baselines: 0, default: 0, total: 0 },
    cacheHits: { features: 0, clusterings: 0 },
  };
}

function finish(out: ComputeResponse, t0: number, now: () => number): ComputeResponse {
  if (out.status !== 'done') {
    out.cod = null;
    out.baselines = [];
    out.difficulty = null;
    out.plots = null;
  }
  out.timings.total = now() - t0;
  return out;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
