import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import type { Study } from '../../../src/core/study/study.ts';
import type { BenchmarkPrediction, PredictParams } from '../../../src/core/study/types.ts';
import type { Features } from '../../../src/core/pipeline/features.ts';
import { ComputeEngine, type ComputeRequest } from '../../../src/core/pipeline/engine.ts';
import { clusterKey } from '../../../src/core/study/params.ts';
import { defaultSteps } from '../../../src/core/methods/default-steps.ts';
import { predictDefault } from '../../../src/core/methods/default.ts';
import { runBaselines } from '../../../src/core/methods/baselines/index.ts';
import { exampleStudy } from '../../../src/core/simulate/simulate.ts';
import { defaultTarget } from '../../../src/core/pipeline/predict.ts';

// Hand-made pass rates, clustered as they are.
const params: PredictParams = {
  ...DEFAULT_PARAMS,
  passRates: 'raw',
  dbscanEps: 0.1,
  dbscanMinPts: 5,
  mapping: 'monotone',
  useAnchors: false,
};

function study(): Study {
  const models = ['m1', 'm2', 'm3', 'm4'];
  const bench = (name: string, rows: number[][]) => ({
    name,
    questions: rows.map((_, i) => `q${i}`),
    models,
    scores: Float64Array.from(rows.flat()),
    trials: new Uint32Array(rows.length * 4).fill(10),
  });
  return {
    models: models.map((name, i) => ({ name, flops: 10 ** (19 + i), computeSource: 'file', role: 'ladder' })),
    benchmarks: [
      bench('a', [
        [0, 0.2, 0.6, 0.9],
        [0, 0, 0, 0],
        [0.1, 0.3, 0.5, 0.7],
        [0, 0, 0, 0],
        [0.5, 0.6, 0.8, 1],
      ]),
      bench('b', [
        [0.2, 0.4, 0.6, 0.8],
        [0.1, 0.1, 0.2, 0.4],
      ]),
    ],
    metrics: [],
    warnings: [],
  };
}

function fakes() {
  const calls = { cluster: [] as string[], predict: 0, fit: [] as string[] };
  const engine = new ComputeEngine({
    stages: {
      clusterFeatures: (f: Features, p: PredictParams) => {
        calls.cluster.push(`${f.benchmark}@${p.quantile}`);
        if (f.benchmark === 'b' && p.quantile === 0.9) throw new Error('bad quantile for b');
        return {
          labels: new Int32Array(f.X.n),
          centers: { data: new Float64Array(0), n: 0, d: 4 },
          nClusters: 1,
        } as never;
      },
      fitClusters: (f: Features, _c, p: PredictParams) => {
        calls.fit.push(`${f.benchmark}@${p.law}`);
        return [];
      },
      classifyBenchmark: () => ({ kind: 'subset' }) as never,
      mapBenchmark: (_s, f, _fits, _c, target, p) => {
        calls.predict++;
        return {
          benchmark: f.benchmark,
          method: 'cod',
          predicted: p.minA / 10,
          target,
        } as unknown as BenchmarkPrediction;
      },
    },
    yieldNow: () => Promise.resolve(),
  });
  engine.setStudy(study(), 1);
  return { engine, calls };
}

let nextId = 1;
const req = (over: Partial<PredictParams> = {}, extra: Partial<ComputeRequest> = {}): ComputeRequest => ({
  requestId: nextId++,
  target: { name: 'planned', flops: 1e23 },
  params: { ...params, ...over },
  benchmark: 'a',
  baselines: false,
  ...extra,
});

describe('ComputeEngine', () => {
  it('re-clusters only when a clustering parameter changes', async () => {
    const { engine, calls } = fakes();
    const r1 = await engine.run(req());
    expect(r1.status).toBe('done');
    expect(r1.cod?.benchmarks.map((b) => b.benchmark)).toEqual(['a', 'b']);
    expect(calls.cluster).toEqual(['a@0.1', 'b@0.1']);
    const r2 = await engine.run(req({ minA: 3, law: 'f2', mapping: 'spline', rmse: 0.01 }));
    expect(calls.cluster).toHaveLength(2);
    expect(r2.cacheHits).toEqual({ features: 2, clusterings: 2 });
    expect(r2.cod?.benchmarks[0].predicted).toBeCloseTo(0.3);
    expect(calls.fit).toEqual(['a@cod', 'b@cod', 'a@f2', 'b@f2']);
    await engine.run(req({ minA: 5, maxC: 0.5, mapping: 'logit' }));
    expect(calls.fit).toHaveLength(4);
    await engine.run(req({ quantile: 0.3 }));
    expect(calls.cluster).toEqual(['a@0.1', 'b@0.1', 'a@0.3', 'b@0.3']);
    await engine.run(req());
    expect(calls.cluster).toHaveLength(4);
  });

  it('keys clusterings by exactly the clustering parameters', () => {
    expect(clusterKey('a', params)).toBe(
      clusterKey('a', { ...params, minA: 9, mapping: 'spline', law: 'f3' }),
    );
    for (const k of ['quantile', 'upper', 'minClusterSize', 'seed'] as const) {
      expect(clusterKey('a', params)).not.toBe(clusterKey('a', { ...params, [k]: 0.77 }));
    }
    expect(clusterKey('a', params)).not.toBe(clusterKey('b', params));
  });

  it('drops every cache when the study changes', async () => {
    const { engine, calls } = fakes();
    await engine.run(req());
    engine.setStudy(study(), 1);
    await engine.run(req());
    expect(calls.cluster).toHaveLength(2);
    engine.setStudy(study(), 2);
    expect(engine.cacheSize).toEqual({ features: 0, clusterings: 0 });
    await engine.run(req());
    expect(calls.cluster).toHaveLength(4);
  });

  it('stops an older request once a newer one arrives, and honours cancel', async () => {
    const { engine } = fakes();
    const older = req();
    const newer = req();
    const [r1, r2] = await Promise.all([engine.run(older), engine.run(newer)]);
    expect(r1.status).toBe('superseded');
    expect(r1.cod).toBeNull();
    expect(r2.status).toBe('done');
    const c = req();
    const pending = engine.run(c);
    engine.cancel(c.requestId);
    expect((await pending).status).toBe('cancelled');
  });

  it('reports a failing benchmark beside it and still predicts the others', async () => {
    const { engine } = fakes();
    const r = await engine.run(req({ quantile: 0.9 }));
    expect(r.errors).toEqual([{ benchmark: 'b', message: 'bad quantile for b' }]);
    expect(r.cod?.benchmarks.map((b) => b.benchmark)).toEqual(['a']);
  });

  it('runs the baselines alone and caches them per target', async () => {
    let runs = 0;
    const engine = new ComputeEngine({
      stages: {
        clusterFeatures: () => {
          throw new Error('COD must not run');
        },
        classifyBenchmark: () => {
          throw new Error('COD must not run');
        },
      },
      runBaselines: async () => (s, target) => {
        runs++;
        return [{ target, method: 'e2e-exp', params, benchmarks: [], warnings: [`${s.benchmarks.length}`] }];
      },
      yieldNow: () => Promise.resolve(),
    });
    engine.setStudy(study(), 1);
    const r = await engine.run(req({}, { cod: false, baselines: true, benchmark: null }));
    expect(r.cod).toBeNull();
    expect(r.errors).toEqual([]);
    expect(r.baselines.map((b) => b.method)).toEqual(['e2e-exp']);
    await engine.run(req({ minA: 5 }, { cod: false, baselines: true }));
    expect(runs).toBe(1);
    await engine.run(req({}, { cod: false, baselines: true, target: { name: 'other', flops: 1e24 } }));
    expect(runs).toBe(2);
  });

  it('builds the difficulty view with zero-performance questions and progress steps', async () => {
    const { engine } = fakes();
    const steps: string[] = [];
    const r = await engine.run(req(), (p) => steps.push(`${p.done}/${p.total} ${p.label}`));
    const d = r.difficulty!;
    expect([...d.rows]).toEqual([0, 2, 4, 1, 3]);
    expect([...d.zero]).toEqual([0, 0, 0, 1, 1]);
    expect(Number.isNaN(d.emergence.x[3])).toBe(true);
    expect(d.emergence.x[1]).toBe(1e21);
    expect(d.emergence.x[2]).toBe(1e19);
    expect([...d.emergence.y]).toEqual([0.9, 0.7, 1, 0, 0]);
    expect(d.pca.explained[0]).toBeGreaterThan(0.5);
    expect(steps.at(-1)).toBe('7/7 b: prediction');
  });

  describe('the default method', () => {
    const example = exampleStudy();
    const target = defaultTarget(example)!;
    const realEngine = (yieldNow = () => Promise.resolve()) => {
      const engine = new ComputeEngine({
        runBaselines: async () => runBaselines,
        defaultSteps: async () => defaultSteps,
        yieldNow,
      });
      engine.setStudy(example, 1);
      return engine;
    };
    const ask = (over: Partial<PredictParams> = {}): ComputeRequest => ({
      requestId: nextId++,
      target,
      params: { ...DEFAULT_PARAMS, ...over },
      benchmark: null,
      baselines: true,
      cod: false,
      default: true,
    });

    it("leads the baselines with the CLI's own default, and a threshold change reuses its self-backtests", async () => {
      const engine = realEngine();
      const r = await engine.run(ask());
      expect(r.errors).toEqual([]);
      expect(r.baselines[0].method).toBe('default');
      expect(r.baselines.slice(1).map((b) => b.method)).not.toContain('default');
      expect(JSON.stringify(r.baselines[0])).toBe(
        JSON.stringify(predictDefault(example, target, { params: DEFAULT_PARAMS })),
      );
      expect(r.baselines[0].benchmarks.every((b) => b.explanation !== undefined)).toBe(true);
      const clusterings = engine.cacheSize.clusterings;
      const changed = await engine.run(ask({ minA: 1.2 }));
      expect(engine.cacheSize.clusterings).toBe(clusterings);
      expect(JSON.stringify(changed.baselines[0])).toBe(
        JSON.stringify(predictDefault(example, target, { params: { ...DEFAULT_PARAMS, minA: 1.2 } })),
      );
    });

    it('gives way to a newer request between its runs', async () => {
      let yields = 0;
      let newer: Promise<unknown> | undefined;
      const engine: ComputeEngine = realEngine(async () => {
        // a newer request arrives once the default has started its runs
        if (++yields === 4) newer = engine.run({ ...ask(), default: false, baselines: false });
      });
      const r = await engine.run(ask());
      await newer;
      expect(r.status).toBe('superseded');
      expect(r.baselines).toEqual([]);
    });
  });
});
