/**
 * One worker of the sweep pool: holds the study (sent once per study version, not per value) and runs sweep
 * points, R's terms and the ablation tables on it. Points go through the page's compute engine, the cached staged
 * pipeline: features once per study, a clustering once per clustering setting, fits once per distinct cluster.
 */
import { expose } from 'comlink';
import { ABLATION_CLUSTERINGS, clusteringAblation, lawAblation } from '../src/core/evaluate/ablation.ts';
import { backtestStudy, defaultBacktestTargets } from '../src/core/evaluate/backtest.ts';
import { bandwidthTerms } from '../src/core/evaluate/bandwidth.ts';
import { proxyStudy, runSweepPoint, type Predictor, type SweepPoint } from '../src/core/evaluate/sweep.ts';
import { LawFitMemo } from '../src/core/pipeline/clusterfit.ts';
import type { Pipeline } from '../src/core/pipeline/stages.ts';
import type { Study } from '../src/core/study/study.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../src/core/study/types.ts';
import { cachedPredictor } from './sweep.predictor.ts';

let study: Study | null = null;
let version = -1;
/** Baselines by target: they do not depend on the swept parameters. */
let baselines = new Map<string, Map<string, PredictResult>>();
let memo = new LawFitMemo();
let main: Predictor | null = null;
/** The main predictor's pipeline: R's terms read its cached features and bandwidth estimates. */
let pipeline: Pipeline | undefined;
let proxy: { key: string; predict: Predictor } | null = null;

function current(v: number): Study {
  if (!study || v !== version) throw new Error(`the sweep worker holds study version ${version}, not ${v}`);
  return study;
}

const api = {
  setStudy(s: Study, v: number): void {
    study = s;
    version = v;
    baselines = new Map();
    memo = new LawFitMemo();
    const predictor = cachedPredictor(s, v, memo);
    main = predictor.predict;
    pipeline = predictor.engine.pipeline;
    proxy = null;
  },
  studyVersion(): number {
    return version;
  },
  async runPoint(v: number, target: TargetSpec, point: SweepPoint, methods: string[], withProxy: boolean) {
    const key = JSON.stringify([target.name, target.flops]);
    if (!baselines.has(key)) baselines.set(key, new Map());
    const cached = baselines.get(key);
    const s = current(v);
    let proxyPredictor: Predictor | undefined;
    if (withProxy) {
      const held = proxyStudy(s, target);
      // the proxy's study is made anew for each point: its predictor takes any study object of this target
      if (held && proxy?.key !== key) proxy = { key, predict: cachedPredictor(held.study, v, memo).predict };
      proxyPredictor = proxy?.predict;
    }
    return runSweepPoint(s, target, point, {
      methods,
      proxy: withProxy,
      predictor: main ?? undefined,
      proxyPredictor,
      baselines: cached,
    });
  },
  bandwidth(v: number, target: TargetSpec, params: PredictParams) {
    return bandwidthTerms(current(v), target, params, pipeline);
  },
  /** One column group of the paper's Table 3 (a clustering algorithm) or the whole of Table 4 (law variants). */
  ablation(v: number, kind: 'clustering' | 'law', variant: string | null, params: PredictParams) {
    const s = current(v);
    const name = defaultBacktestTargets(s)[0];
    const model = s.models.find((m) => m.name === name);
    if (!model?.flops) throw new Error('no model with a known compute to hold back');
    const sub = backtestStudy(s, name);
    const target = { name, flops: model.flops };
    const rows =
      kind === 'clustering'
        ? clusteringAblation(
            sub,
            target,
            params,
            ABLATION_CLUSTERINGS.filter((c) => c === variant),
          )
        : lawAblation(sub, target, params);
    return { target: name, rows };
  },
};

export type SweepApi = typeof api;
expose(api);
