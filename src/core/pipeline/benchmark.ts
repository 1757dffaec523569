/**
 * The last stages of the pipeline for one benchmark: cluster classes, the predictable subset and its extrapolation,
 * the subset→full step (a mapping or the decomposed prediction), and the prediction with its interval.
 */
import type { Clustering } from '../cluster/index.ts';
import { classify, fitClusters, lawBounds, type ClusterFit } from './clusterfit.ts';
import { decomposedRest, metricCalibration } from './decompose.ts';
import type { Features } from './features.ts';
import { fitLaw, lawInterval, LAWS, toLawUnits } from '../fit/index.ts';
import { anchorCompatibility, evalMapping, fitMapping, type MappingPoint } from './mapping.ts';
import { codRefusal, dataWarnings } from './requirements.ts';
import { columnMeanOver, findBenchmark, fullSetScore, type Benchmark, type Study } from '../study/study.ts';
import {
  LABEL_MISSING,
  LABEL_OUTLIER,
  LABEL_ZERO,
  type AnchorPoint,
  type BenchmarkPrediction,
  type ClusterInfo,
  type LadderPoint,
  type MappingModel,
  type PredictParams,
  type TargetSpec,
} from '../study/types.ts';
import { clamp01 } from '../util/clamp.ts';

/** Fit a law to (compute, score) points and evaluate it at the target, with the law chosen by the point count. */
function endToEnd(flops: number[], y: number[], targetFlops: number, params: PredictParams) {
  const C = flops.map(toLawUnits);
  const law = C.length >= 4 ? params.law : 'f3';
  const bounds = law === params.law ? lawBounds(params) : LAWS.f3.defaultBounds;
  const fit = fitLaw(law, C, y, bounds);
  const at = lawInterval(fit, toLawUnits(targetFlops));
  return { fit, ...at };
}

/**
 * The COD prediction of one benchmark from its features and clustering: per-cluster fits, the extrapolatable
 * subset, its extrapolation to the target's compute, and the subset→full step (a mapping, or the decomposed
 * prediction of the rest of the benchmark). Scores in [0,1]; the target's compute in FLOPs.
 */
export function predictBenchmark(
  study: Study,
  f: Features,
  clustering: Clustering,
  target: TargetSpec,
  params: PredictParams,
  fits: ClusterFit[] = fitClusters(f, clustering, params),
): BenchmarkPrediction {
  const bench = findBenchmark(study, f.benchmark) as Benchmark;
  const nq = bench.questions.length;
  const warnings: string[] = [];
  const ladder = f.ladder;
  const ladderFull = ladder.map((l) => fullSetScore(study, bench, l.model));
  const targetColumn = bench.models.indexOf(target.name);
  const actual = targetColumn >= 0 ? fullSetScore(study, bench, target.name) : NaN;
  const base = {
    benchmark: bench.name,
    method: 'cod',
    actual: Number.isFinite(actual) ? actual : null,
  };
  const withError = (
    p: Omit<BenchmarkPrediction, 'error' | 'benchmark' | 'method' | 'actual'>,
  ): BenchmarkPrediction => ({
    ...base,
    ...p,
    predicted: clamp01(p.predicted),
    low: clamp01(Math.min(p.low, p.predicted)),
    high: clamp01(Math.max(p.high, p.predicted)),
    error: base.actual === null ? null : Math.abs(clamp01(p.predicted) - base.actual) * 100,
  });

  warnings.push(...dataWarnings(study, bench, f, ladderFull, target));
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
    return withError({
      status: 'refused',
      ...fallbackPrediction(ladder, ladderFull, target, params, warnings),
    });
  }

  const C = ladder.map((l) => toLawUnits(l.flops));
  const Ct = toLawUnits(target.flops);
  const outliers: number[] = [];
  clustering.labels.forEach((label, r) => label < 0 && outliers.push(r));
  counts.outliers = outliers.length;
  const groups = new Map(fits.map((k) => [k.id, k]));
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
    return withError({
      status: 'fallback',
      ...fb,
      cod: { ...emptyCod(labels, counts, clustering), clusters },
    });
  }

  const wmean = (pick: (k: ClusterInfo) => number, set = good) =>
    set.reduce((s, k) => s + k.size * pick(k), 0) / set.reduce((s, k) => s + k.size, 0);
  const subsetPredicted = wmean((k) => k.predicted);
  const subsetLow = wmean((k) => k.low);
  const subsetHigh = wmean((k) => k.high);
  const subsetLadder = ladder.map((_, m) => wmean((k) => k.curve[m]));
  const goodIds = new Set(good.map((k) => k.id));
  const predictableQuestions: number[] = [];
  f.rows.forEach((q, r) => goodIds.has(clustering.labels[r]) && predictableQuestions.push(q));
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
  const anchors = anchorPoints(study, bench, predictableQuestions);
  const subsetActual = targetColumn >= 0 ? columnMeanOver(bench, targetColumn, predictableQuestions) : NaN;
  const cod = {
    subsetPredicted,
    subsetLow,
    subsetHigh,
    subsetActual: Number.isFinite(subsetActual) ? subsetActual : null,
    subsetRatio,
    bandwidth: clustering.bandwidth,
    labels,
    clusters,
    ladder: ladderPoints,
    anchors,
    mapping: null as MappingModel | null,
    counts,
  };

  if (params.mapping === 'decomposed') {
    const rest = decomposedRest(f, clusters, groups, goodIds, outliers, C, Ct, params);
    const n = counts.predictable + rest.n + counts.zero;
    const meanOf = (sub: number, r: number) => (counts.predictable * sub + rest.n * r) / n;
    let predicted = meanOf(subsetPredicted, rest.predicted);
    let low = meanOf(subsetLow, rest.low);
    let high = meanOf(subsetHigh, rest.high);
    warnings.push(...rest.warnings);
    if (anchors.length)
      warnings.push(
        'anchors calibrate mapping-based predictions only; the decomposed prediction ignores them',
      );
    const calibration = metricCalibration(study, bench, f, ladderFull);
    if (calibration) {
      [predicted, low, high] = [predicted, low, high].map((x) => evalMapping(calibration, x));
      cod.mapping = calibration;
    }
    return withError({ status: 'ok', predicted, low, high, warnings, cod });
  }

  const mapping = mapWithAnchors(ladderPoints, anchors, params, warnings);
  cod.mapping = mapping;
  return withError({
    status: 'ok',
    predicted: evalMapping(mapping, subsetPredicted),
    low: evalMapping(mapping, subsetLow),
    high: evalMapping(mapping, subsetHigh),
    warnings,
    cod,
  });
}

/**
 * The subset→full mapping through the ladder's (subset, full) points; anchors that agree with it (within its
 * tolerance) are added as points when `useAnchors` is on, the others are named in the warnings.
 */
function mapWithAnchors(
  ladderPoints: LadderPoint[],
  anchors: AnchorPoint[],
  params: PredictParams,
  warnings: string[],
): MappingModel {
  const points: MappingPoint[] = ladderPoints
    .filter((p) => Number.isFinite(p.subset) && Number.isFinite(p.full))
    .map((p) => ({ x: p.subset, y: p.full }));
  const plain = fitMapping(params.mapping, points, { rmse: params.rmse });
  const usable: MappingPoint[] = [];
  for (const a of anchors) {
    const check = anchorCompatibility(plain, { x: a.subset, y: a.full });
    a.compatible = check.compatible;
    a.reason = check.reason;
    if (check.compatible && params.useAnchors) usable.push({ x: a.subset, y: a.full });
    else if (!check.compatible) warnings.push(`anchor "${a.model}" left out: ${check.reason}`);
  }
  const mapping = usable.length
    ? fitMapping(params.mapping, [...points, ...usable], { rmse: params.rmse })
    : plain;
  warnings.push(...mapping.warnings);
  return mapping;
}

function emptyCod(
  labels: Int32Array,
  counts: NonNullable<BenchmarkPrediction['cod']>['counts'],
  c: Clustering,
) {
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
