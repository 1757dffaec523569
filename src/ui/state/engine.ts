/**
 * The compute engine behind workers/compute.worker.ts (pure TypeScript, so it is tested in node).
 * It caches features (per study version and benchmark) and clusterings (per benchmark and clustering
 * parameters), so a change of thresholds, law, mapping or target re-runs only the fitting and mapping.
 * A newer request supersedes an older one: the older one stops at its next stage boundary.
 */
import { withMetricBenchmarks, type Study } from '../../core/study/study.ts';
import type {
  BenchmarkPrediction,
  PredictParams,
  PredictResult,
  TargetSpec,
} from '../../core/study/types.ts';
import { computeFeatures, type Features } from '../../core/pipeline/features.ts';
import {
  excludeTarget,
  fitClusters,
  type ClusterFit,
  type clusterFeatures,
  type predictBenchmark,
} from '../../core/pipeline/predict.ts';
import { clusterKey, fitKey } from '../../core/study/params.ts';
import { emergenceView, pcaProjection } from '../../core/pipeline/projection.ts';

export { CLUSTER_PARAM_KEYS, clusterKey, fitKey } from '../../core/study/params.ts';
import type { PlotData } from './curves.ts';

type Clustering = ReturnType<typeof clusterFeatures>;
type RunBaselines = (study: Study, target: TargetSpec, methods?: string[]) => PredictResult[];

export interface ComputeRequest {
  requestId: number;
  target: TargetSpec;
  params: PredictParams;
  /** Benchmark whose difficulty view is wanted; null for none. */
  benchmark: string | null;
  /** Run the baselines too (cached per target). */
  baselines: boolean;
  /** Run COD (default true); false asks for the baselines alone, e.g. from a second worker. */
  cod?: boolean;
}

export interface DifficultyView {
  benchmark: string;
  /** Benchmark question index of each point. */
  rows: Int32Array;
  /** True for zero-performance questions (no ladder model ever passed). */
  zero: Uint8Array;
  /** Compute (FLOPs) where the question first reaches 50% (NaN: never) and its top-ladder pass rate. */
  emergence: { x: Float64Array; y: Float64Array };
  pca: { x: Float64Array; y: Float64Array; explained: [number, number] };
  ladder: { model: string; flops: number }[];
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
  timings: { features: number; clustering: number; prediction: number; baselines: number; total: number };
  cacheHits: { features: number; clusterings: number };
}

export interface EngineDeps {
  computeFeatures: typeof computeFeatures;
  clusterFeatures: typeof clusterFeatures;
  predictBenchmark: typeof predictBenchmark;
  fitClusters?: typeof fitClusters;
  runBaselines?: () => Promise<RunBaselines | null>;
  plotData?: (p: BenchmarkPrediction, target: TargetSpec) => PlotData | null;
  /** Lets queued messages (a newer request, a cancel) in between stages. */
  yieldNow?: () => Promise<void>;
  now?: () => number;
}

const defaultYield = () => new Promise<void>((r) => setTimeout(r, 0));

export class ComputeEngine {
  private study: Study | null = null;
  private version = -1;
  private readonly features = new Map<string, Features>();
  /** Difficulty views by features, which alone determine them (a PCA of every question is not free). */
  private readonly views = new WeakMap<Features, DifficultyView>();
  private readonly clusterings = new Map<string, Clustering>();
  private readonly fits = new Map<string, ClusterFit[]>();
  private readonly baselineCache = new Map<string, PredictResult[]>();
  private latest = 0;
  private readonly cancelled = new Set<number>();
  private readonly deps: Required<Omit<EngineDeps, 'runBaselines' | 'plotData'>> &
    Pick<EngineDeps, 'runBaselines' | 'plotData'>;

  constructor(
    deps: Pick<EngineDeps, 'clusterFeatures' | 'predictBenchmark'> & Partial<EngineDeps>,
    readonly maxClusterings = 64,
  ) {
    this.deps = {
      computeFeatures: deps.computeFeatures ?? computeFeatures,
      clusterFeatures: deps.clusterFeatures,
      predictBenchmark: deps.predictBenchmark,
      fitClusters: deps.fitClusters ?? fitClusters,
      runBaselines: deps.runBaselines,
      plotData: deps.plotData,
      yieldNow: deps.yieldNow ?? defaultYield,
      now: deps.now ?? (() => performance.now()),
    };
  }

  /** Replaces the study; `version` changes whenever the study (roles, compute, data) changes. */
  setStudy(study: Study, version: number): void {
    if (version === this.version) return;
    this.study = study;
    this.version = version;
    this.features.clear();
    this.clusterings.clear();
    this.fits.clear();
    this.baselineCache.clear();
  }

  get studyVersion(): number {
    return this.version;
  }

  get cacheSize(): { features: number; clusterings: number } {
    return { features: this.features.size, clusterings: this.clusterings.size };
  }

  /** Stops a request at its next stage boundary. */
  cancel(requestId: number): void {
    this.cancelled.add(requestId);
  }

  async run(req: ComputeRequest, onProgress?: (p: ComputeProgress) => void): Promise<ComputeResponse> {
    this.latest = Math.max(this.latest, req.requestId);
    const { now, yieldNow } = this.deps;
    const t0 = now();
    const out: ComputeResponse = {
      requestId: req.requestId,
      status: 'done',
      cod: null,
      baselines: [],
      difficulty: null,
      plots: null,
      errors: [],
      timings: { features: 0, clustering: 0, prediction: 0, baselines: 0, total: 0 },
      cacheHits: { features: 0, clusterings: 0 },
    };
    const study = this.study;
    if (!study) {
      out.errors.push({ benchmark: '', message: 'no study loaded' });
      return out;
    }
    const version = this.version;
    // A target picked among the ladder leaves it, so its own results never enter the features.
    const withoutTarget = excludeTarget(study, req.target);
    const excluded = withoutTarget === study ? '' : req.target.name;
    // Benchmarks known only from results files get COD's refusal (and its end-to-end fit) like any other.
    const ladderStudy = withMetricBenchmarks(withoutTarget);
    const names = req.cod === false ? [] : ladderStudy.benchmarks.map((b) => b.name);
    const total = names.length * 3 + (req.baselines ? 1 : 0) + (req.benchmark && names.length ? 1 : 0);
    let done = 0;
    const step = (label: string) => onProgress?.({ requestId: req.requestId, done: ++done, total, label });
    const stop = async (): Promise<boolean> => {
      await yieldNow();
      if (this.cancelled.has(req.requestId)) out.status = 'cancelled';
      else if (this.latest > req.requestId || this.version !== version) out.status = 'superseded';
      else return false;
      this.cancelled.delete(req.requestId);
      return true;
    };
    const predictions: BenchmarkPrediction[] = [];
    const warnings: string[] = [];
    for (const name of names) {
      if (await stop()) return finish(out, t0, now);
      let f: Features | undefined;
      let c: Clustering | undefined;
      try {
        let t = now();
        const featureKey = JSON.stringify([name, excluded]);
        f = this.features.get(featureKey);
        if (f) out.cacheHits.features++;
        else {
          f = this.deps.computeFeatures(ladderStudy, name);
          this.features.set(featureKey, f);
        }
        out.timings.features += now() - t;
        step(`${name}: features`);
        const key = JSON.stringify([clusterKey(name, req.params), excluded]);
        c = this.clusterings.get(key);
        if (c) {
          out.cacheHits.clusterings++;
          this.clusterings.delete(key);
          this.clusterings.set(key, c);
        } else {
          if (await stop()) return finish(out, t0, now);
          t = now();
          c = this.deps.clusterFeatures(f, req.params);
          out.timings.clustering += now() - t;
          this.clusterings.set(key, c);
          while (this.clusterings.size > this.maxClusterings) {
            this.clusterings.delete(this.clusterings.keys().next().value as string);
          }
        }
        step(`${name}: clustering`);
        t = now();
        const fitsKey = JSON.stringify([fitKey(name, req.params), excluded]);
        let fits = this.fits.get(fitsKey);
        if (!fits) {
          fits = this.deps.fitClusters(f, c, req.params);
          this.fits.set(fitsKey, fits);
          while (this.fits.size > this.maxClusterings)
            this.fits.delete(this.fits.keys().next().value as string);
        }
        const p = this.deps.predictBenchmark(ladderStudy, f, c, req.target, req.params, fits);
        out.timings.prediction += now() - t;
        predictions.push(p);
        if (name === req.benchmark && this.deps.plotData) out.plots = this.deps.plotData(p, req.target);
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
      const t = now();
      const key = JSON.stringify([req.target.name, req.target.flops]);
      const cached = this.baselineCache.get(key);
      if (cached) out.baselines = cached;
      else {
        try {
          const run = await this.deps.runBaselines();
          if (run) {
            out.baselines = run(study, req.target);
            this.baselineCache.set(key, out.baselines);
          }
        } catch (e) {
          out.errors.push({ benchmark: '', message: `baselines: ${messageOf(e)}` });
        }
      }
      out.timings.baselines = now() - t;
      step('baselines');
    }
    if (await stop()) return finish(out, t0, now);
    return finish(out, t0, now);
  }
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

/** The Difficulty plot's coordinates for a benchmark: every scored question, zero-performance ones included. */
export function difficultyView(benchmark: string, f: Features): DifficultyView {
  const d = f.X.d;
  const seen = new Map<number, number>();
  const rows: number[] = [];
  for (const r of f.rows) {
    seen.set(r, rows.length);
    rows.push(r);
  }
  const zeros: number[] = [];
  for (const r of f.zeroRows) if (!seen.has(r)) zeros.push(r);
  const n = rows.length + zeros.length;
  const data = new Float64Array(n * d);
  data.set(f.X.data.subarray(0, rows.length * d));
  const zero = new Uint8Array(n);
  zero.fill(1, rows.length);
  for (const r of f.zeroRows) if (seen.has(r)) zero[seen.get(r) as number] = 1;
  const m = { data, n, d };
  const flops = f.ladder.map((l) => l.flops);
  const pca = pcaProjection(m);
  return {
    benchmark,
    rows: Int32Array.from([...rows, ...zeros]),
    zero,
    emergence: emergenceView(m, flops),
    pca: { x: pca.x, y: pca.y, explained: pca.explained },
    ladder: f.ladder.map((l) => ({ model: l.model, flops: l.flops })),
  };
}
