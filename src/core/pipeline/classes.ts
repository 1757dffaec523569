/**
 * The classes stage of the pipeline for one benchmark: each cluster's class (extrapolatable or not) and its
 * extrapolation to the target's compute, the predictable subset and its ladder, or, when COD cannot run, the
 * end-to-end fallback. It reads the parameters up to the classes stage, never the mapping's.
 */
import type { Clustering } from '../cluster/index.ts';
import { classify, lawBounds, type ClusterFit } from './clusterfit.ts';
import type { Features } from './features.ts';
import { fitLaw, lawInterval, LAWS, toLawUnits } from '../fit/index.ts';
import { codRefusal, dataWarnings } from './requirements.ts';
import { columnMeanOver, findBenchmark, fullSetScore, type Benchmark, type Study } from '../study/study.ts';
import {
  LABEL_MISSING,
  LABEL_OUTLIER,
  LABEL_ZERO,
  type AnchorPoint,
  type BenchmarkPrediction,
  type ClusterInfo,
  type CodDetails,
  type LadderPoint,
  type PredictParams,
  type TargetSpec,
} from '../study/types.ts';
import { clamp01 } from '../util/clamp.ts';
import { clustersByRadius } from './clustering.ts';
import { seedingWarning } from './seeding.ts';

/** The classes stage's result when COD goes on to the subset→full step: plain data, never mutated once made. */
export interface Subset {
  kind: 'subset';
  benchmark: string;
  actual: number | null;
  /** Warnings so far; the mapping stage appends its own to a copy. */
  warnings: readonly string[];
  /** Each ladder model's full-set score, in ladder order (fractions). */
  ladderFull: number[];
  /** Feature rows MeanShift left as outliers, and the ids of the extrapolatable clusters. */
  outliers: number[];
  goodIds: number[];
  /** COD's details without the mapping; anchors not yet checked against it. */
  cod: CodDetails;
}

/** The classes stage's result: a subset to map, or a finished (refused or fallback) prediction. */
export type Classified = Subset | { kind: 'final'; prediction: BenchmarkPrediction };

type Scores = Omit<BenchmarkPrediction, 'error' | 'benchmark' | 'method' | 'actual'>;

/** A COD prediction with its scores clamped to [0,1] and its error against the actual score in points. */
export function scored(benchmark: string, actual: number | null, p: Scores): BenchmarkPrediction {
  return {
    benchmark,
    method: 'cod',
    actual,
    ...p,
    predicted: clamp01(p.predicted),
    low: clamp01(Math.min(p.low, p.predicted)),
    high: clamp01(Math.max(p.high, p.predicted)),
    error: actual === null ? null : Math.abs(clamp01(p.predicted) - actual) * 100,
  };
}

/**
 * The classes stage of one benchmark from its features, clustering and per-cluster fits: the extrapolatable
 * clusters, their size-weighted extrapolation to the target's compute (FLOPs) and the subset's ladder, or the
 * refused/fallback prediction when there is no subset. Scores in [0,1].
 */
export function classifyBenchmark(
  study: Study,
  f: Features,
  clustering: Clustering,
  target: TargetSpec,
  params: PredictParams,
  fits: ClusterFit[],
): Classified {
  const bench = findBenchmark(study, f.benchmark) as Benchmark;
  const nq = bench.questions.length;
  const warnings: string[] = [];
  const ladder = f.ladder;
  const ladderFull = ladder.map((l) => fullSetScore(study, bench, l.model));
  const targetColumn = bench.models.indexOf(target.name);
  const fullActual = targetColumn >= 0 ? fullSetScore(study, bench, target.name) : NaN;
  const actual = Number.isFinite(fullActual) ? fullActual : null;
  const final = (p: Scores): Classified => ({ kind: 'final', prediction: scored(bench.name, actual, p) });

  warnings.push(...dataWarnings(study, bench, f, ladderFull, target));
  if (f.note) warnings.push(f.note);
  const seeding = clustersByRadius(f, params) ? seedingWarning(f.X, params.seeding) : null;
  if (seeding) warnings.push(seeding);
  const refusal = codRefusal(f, nq);

  const labels = new Int32Array(nq).fill(LABEL_MISSING);
  f.zeroRows.forEach((q) => (labels[q] = LABEL_ZERO));
  f.rows.forEach((q, r) => (labels[q] = clustering.labels[r] ?? LABEL_OUTLIER));
  const counts = {
    questions: nq,
    zero: f.zeroRows.length,
    missing: f.missingRows.length,
    outliers: 0,
    predictable: 0,
  };

  if (refusal) {
    warnings.unshift(`${refusal}: showing the end-to-end fit of the full-set score instead`);
    return final({ status: 'refused', ...fallbackPrediction(ladder, ladderFull, target, params, warnings) });
  }

  const Ct = toLawUnits(target.flops);
  const outliers: number[] = [];
  clustering.labels.forEach((label, r) => label < 0 && outliers.push(r));
  counts.outliers = outliers.length;
  const clusters: ClusterInfo[] = fits.map((k) => {
    const at = k.fit ? lawInterval(k.fit, Ct) : { value: NaN, low: NaN, high: NaN };
    return {
      id: k.id,
      size: k.rows.length,
      ...classify(k.fit, k.curve, params),
      curve: k.curve,
      center: k.center,
      fit: k.fit,
      // A law can pass 1 (or 0) beyond the data, e.g. with c < 0 under the paper's bounds; a pass rate cannot.
      predicted: Number.isNaN(at.value) ? NaN : clamp01(at.value),
      low: at.low,
      high: at.high,
    };
  });
  clusters.sort((a, b) => a.id - b.id);
  const good = clusters.filter((k) => k.cls === 'extrapolatable' && Number.isFinite(k.predicted));
  if (!good.length) {
    warnings.unshift(
      'no cluster passed the extrapolation filter: fell back to the end-to-end fit of the full-set score',
    );
    const fb = fallbackPrediction(ladder, ladderFull, target, params, warnings);
    return final({ status: 'fallback', ...fb, cod: { ...emptyCod(labels, counts, clustering), clusters } });
  }

  const wmean = (pick: (k: ClusterInfo) => number, set = good) =>
    set.reduce((s, k) => s + k.size * pick(k), 0) / set.reduce((s, k) => s + k.size, 0);
  const subsetLadder = ladder.map((_, m) => wmean((k) => k.curve[m]));
  const goodIds = good.map((k) => k.id);
  const goodSet = new Set(goodIds);
  const predictableQuestions: number[] = [];
  f.rows.forEach((q, r) => goodSet.has(clustering.labels[r]) && predictableQuestions.push(q));
  counts.predictable = predictableQuestions.length;
  const answered = nq - counts.missing;
  const subsetRatio = counts.predictable / Math.max(1, answered);
  if (subsetRatio < 0.5) {
    warnings.push(`only ${(subsetRatio * 100).toFixed(0)}% of the questions are in the predictable subset`);
  }
  const ladderPoints: LadderPoint[] = ladder.map((l, m) => ({
    model: l.model,
    flops: l.flops,
    full: ladderFull[m],
    subset: subsetLadder[m],
  }));
  const subsetActual = targetColumn >= 0 ? columnMeanOver(bench, targetColumn, predictableQuestions) : NaN;
  return {
    kind: 'subset',
    benchmark: bench.name,
    actual,
    warnings,
    ladderFull,
    outliers,
    goodIds,
    cod: {
      subsetPredicted: wmean((k) => k.predicted),
      subsetLow: wmean((k) => k.low),
      subsetHigh: wmean((k) => k.high),
      subsetActual: Number.isFinite(subsetActual) ? subsetActual : null,
      subsetRatio,
      bandwidth: clustering.bandwidth,
      labels,
      clusters,
      ladder: ladderPoints,
      anchors: anchorPoints(study, bench, predictableQuestions),
      mapping: null,
      counts,
    },
  };
}

/** Fit a law to (compute, score) points and evaluate it at the target, with the law chosen by the point count. */
function endToEnd(flops: number[], y: number[], targetFlops: number, params: PredictParams) {
  const C = flops.map(toLawUnits);
  const law = C.length >= 4 ? params.law : 'f3';
  const bounds = law === params.law ? lawBounds(params) : LAWS.f3.defaultBounds;
  const fit = fitLaw(law, C, y, bounds);
  const at = lawInterval(fit, toLawUnits(targetFlops));
  return { fit, ...at };
}

function emptyCod(labels: Int32Array, counts: CodDetails['counts'], c: Clustering): CodDetails {
  return {
    subsetPredicted: NaN,
    subsetLow: NaN,
    subsetHigh: NaN,
    subsetActual: null,
    subsetRatio: 0,
    bandwidth: c.bandwidth,
    labels,
    clusters: [],
    ladder: [],
    anchors: [],
    mapping: null,
    counts,
  };
}

function fallbackPrediction(
  ladder: Features['ladder'],
  full: number[],
  target: TargetSpec,
  params: PredictParams,
  warnings: string[],
) {
  const ok = ladder.map((_, m) => m).filter((m) => Number.isFinite(full[m]));
  if (ok.length >= 2) {
    const e = endToEnd(
      ok.map((m) => ladder[m].flops),
      ok.map((m) => full[m]),
      target.flops,
      params,
    );
    if (Number.isFinite(e.value)) {
      if (!e.fit.converged)
        warnings.push(`the end-to-end fit did not converge${e.fit.reason ? `: ${e.fit.reason}` : ''}`);
      return { predicted: e.value, low: e.low, high: e.high, warnings, fit: e.fit };
    }
  }
  const best = ok.length ? full[ok[ok.length - 1]] : 0;
  warnings.push(
    ok.length
      ? 'too few ladder scores to fit any law: the prediction is the largest ladder model’s score, a floor'
      : 'no ladder model has a score on this benchmark: nothing to predict from',
  );
  return { predicted: best, low: best, high: 1, warnings, fit: null };
}

function anchorPoints(study: Study, bench: Benchmark, predictable: number[]): AnchorPoint[] {
  return study.models
    .filter((m) => m.role === 'anchor' && bench.models.includes(m.name))
    .map((m) => ({
      model: m.name,
      flops: m.flops ?? NaN,
      full: fullSetScore(study, bench, m.name),
      subset: columnMeanOver(bench, bench.models.indexOf(m.name), predictable),
      compatible: false,
      reason: '',
    }))
    .filter((a) => Number.isFinite(a.full) && Number.isFinite(a.subset));
}
