import {
  dbscan,
  estimateBandwidth,
  improvedKMeans,
  improvedMeanShift,
  kMeans,
  meanShift,
  type Clustering,
} from './cluster/index.ts';
import { computeFeatures, type Features } from './features.ts';
import { fitLaw, lawInterval, LAWS, toLawUnits } from './fit/index.ts';
import { anchorCompatibility, evalMapping, fitMapping, type MappingPoint } from './mapping.ts';
import { DEFAULT_PARAMS } from './params.ts';
import { findBenchmark, fullSetScore, type Benchmark, type Study } from './study.ts';
import {
  LABEL_MISSING,
  LABEL_OUTLIER,
  LABEL_ZERO,
  type AnchorPoint,
  type BenchmarkPrediction,
  type ClusterInfo,
  type LadderPoint,
  type LawFitSummary,
  type MappingModel,
  type PredictParams,
  type PredictResult,
  type TargetSpec,
} from './types.ts';

export { DEFAULT_PARAMS, PAPER_PARAMS } from './params.ts';
export { computeFeatures, type Features } from './features.ts';

/** Below these, COD is refused and the end-to-end fit is offered instead (METHOD.md §13). */
const MIN_LADDER = 4;
const MIN_QUESTIONS = 200;
/** A cluster whose pass rate on the largest ladder model is below this has not emerged yet. */
const EMERGENCE_LEVEL = 0.1;
const Z95 = 1.96;

/** The model to predict by default: the target-role model with compute, else the largest-compute model. */
export function defaultTarget(study: Study): TargetSpec | null {
  const withCompute = study.models.filter((m) => m.flops && m.flops > 0 && m.role !== 'ignore');
  const target = withCompute.find((m) => m.role === 'target');
  const pick = target ?? withCompute.sort((a, b) => (b.flops as number) - (a.flops as number))[0];
  return pick ? { name: pick.name, flops: pick.flops as number } : null;
}

/**
 * Clusters the difficulty vectors with the chosen algorithm. Depends only on the features and the clustering
 * parameters, so callers can cache it while thresholds, law and mapping change.
 */
export function clusterFeatures(f: Features, params: PredictParams): Clustering {
  const { X } = f;
  const upper = params.upper ?? Math.sqrt(X.d) / 10;
  if (X.n < Math.max(2, params.minClusterSize) || X.d === 0) {
    return {
      labels: new Int32Array(X.n).fill(-1),
      centers: new Float64Array(0),
      nClusters: 0,
      bandwidth: NaN,
      info: {},
    };
  }
  switch (params.clustering) {
    case 'cod':
      return improvedMeanShift(X, {
        quantile: params.quantile,
        upper,
        minClusterSize: params.minClusterSize,
      });
    case 'meanshift': {
      const estimate = estimateBandwidth(X, params.quantile);
      const bandwidth = Math.min(estimate, upper);
      const r = meanShift(X, bandwidth);
      return {
        labels: r.labels,
        centers: r.centers,
        nClusters: r.nClusters,
        bandwidth,
        info: { bandwidthEstimate: estimate, iterations: r.nIter },
      };
    }
    case 'kmeans': {
      const k =
        params.kmeansK > 0 ? params.kmeansK : Math.max(2, Math.min(100, Math.round(Math.sqrt(X.n / 2))));
      return kMeans(X, Math.min(k, X.n), { seed: params.seed });
    }
    case 'improved-kmeans':
      return improvedKMeans(X, { minClusterSize: params.minClusterSize, seed: params.seed });
    case 'dbscan':
      return dbscan(X, params.dbscanEps, params.dbscanMinPts);
  }
}

/** Bounds of the chosen law with the lower bound on c replaced by `cLower`. */
function lawBounds(params: PredictParams): { lower: number[]; upper: number[] } {
  const law = LAWS[params.law];
  const lower = [...law.defaultBounds.lower];
  const upper = [...law.defaultBounds.upper];
  const ci = law.paramNames.indexOf('c');
  if (ci >= 0) lower[ci] = params.cLower;
  return { lower, upper };
}

function param(fit: LawFitSummary, name: string, fallback: number): number {
  const i = fit.paramNames.indexOf(name);
  return i >= 0 ? fit.params[i] : fallback;
}

function classify(
  fit: LawFitSummary | null,
  curve: number[],
  p: PredictParams,
): Pick<ClusterInfo, 'cls' | 'reason'> {
  const top = curve[curve.length - 1];
  if (!fit || !fit.converged) {
    const cls = top < EMERGENCE_LEVEL ? 'non-emergent' : 'non-extrapolatable';
    return { cls, reason: fit ? `the fit did not converge${fit.reason ? `: ${fit.reason}` : ''}` : 'no fit' };
  }
  const a = param(fit, 'a', 0);
  const b = param(fit, 'b', 0);
  const c = param(fit, 'c', 0);
  const fails: string[] = [];
  if (!(a > p.minA)) fails.push(`a = ${a.toPrecision(3)} ≤ ${p.minA}`);
  if (!(b > p.minB)) fails.push(`b = ${b.toPrecision(3)} ≤ ${p.minB}`);
  if (!(c >= p.minC)) fails.push(`c = ${c.toPrecision(3)} < ${p.minC}`);
  if (!(c < p.maxC)) fails.push(`c = ${c.toPrecision(3)} ≥ ${p.maxC}`);
  if (!fails.length)
    return { cls: 'extrapolatable', reason: `a > ${p.minA}, b > ${p.minB}, ${p.minC} ≤ c < ${p.maxC}` };
  return { cls: top < EMERGENCE_LEVEL ? 'non-emergent' : 'non-extrapolatable', reason: fails.join('; ') };
}

interface Group {
  rows: number[];
  curve: number[];
}

/** Mean pass rate per ladder model over the given feature rows. */
function meanCurve(X: Features['X'], rows: number[]): number[] {
  const curve = new Array(X.d).fill(0);
  for (const r of rows) for (let j = 0; j < X.d; j++) curve[j] += X.data[r * X.d + j];
  return curve.map((s) => (rows.length ? s / rows.length : NaN));
}

/** A cluster's members, mean curve over the ladder and fitted law: what `predictBenchmark` reuses across calls. */
export interface ClusterFit extends Group {
  id: number;
  /** MeanShift mode / K-means centre in feature space. */
  center: number[];
  fit: LawFitSummary | null;
}

/**
 * Fits the law to every cluster's mean pass rate (compute in 1e18-FLOP units inside). Depends only on the features,
 * the clustering, the law and the bound on c, so callers cache it while thresholds, mapping and target change.
 */
export function fitClusters(f: Features, clustering: Clustering, params: PredictParams): ClusterFit[] {
  const groups = new Map<number, Group>();
  clustering.labels.forEach((label, r) => {
    if (label < 0) return;
    let g = groups.get(label);
    if (!g) groups.set(label, (g = { rows: [], curve: [] }));
    g.rows.push(r);
  });
  const C = f.ladder.map((l) => toLawUnits(l.flops));
  const bounds = lawBounds(params);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, g]) => {
      const curve = meanCurve(f.X, g.rows);
      return {
        id,
        rows: g.rows,
        curve,
        center: Array.from(clustering.centers.subarray(id * f.X.d, (id + 1) * f.X.d)),
        fit: f.X.d ? fitLaw(params.law, C, curve, bounds) : null,
      };
    });
}

/** Mean of a column of the benchmark over the given question indices, skipping missing cells; NaN if none. */
function columnMeanOver(b: Benchmark, column: number, questions: Iterable<number>): number {
  const nm = b.models.length;
  let s = 0;
  let n = 0;
  for (const q of questions) {
    const v = b.scores[q * nm + column];
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Fit a law to (compute, score) points and evaluate it at the target, with the law chosen by the point count. */
function endToEnd(flops: number[], y: number[], targetFlops: number, params: PredictParams) {
  const C = flops.map(toLawUnits);
  const law = C.length >= 4 ? params.law : 'f3';
  const bounds = law === params.law ? lawBounds(params) : LAWS.f3.defaultBounds;
  const fit = fitLaw(law, C, y, bounds);
  const at = lawInterval(fit, toLawUnits(targetFlops), Z95);
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
  const distinct = new Set(ladder.map((l) => l.flops)).size;
  const refusal =
    distinct < MIN_LADDER
      ? `COD needs at least ${MIN_LADDER} ladder models of distinct compute; this benchmark has ${distinct}`
      : nq < MIN_QUESTIONS
        ? `COD needs at least ${MIN_QUESTIONS} questions for stable clusters; this benchmark has ${nq}`
        : f.X.n === 0
          ? 'no ladder model solved any question of this benchmark'
          : null;

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
    const at = k.fit ? lawInterval(k.fit, Ct, Z95) : { value: NaN, low: NaN, high: NaN };
    return {
      id: k.id,
      size: k.rows.length,
      ...classify(k.fit, k.curve, params),
      curve: k.curve,
      center: k.center,
      fit: k.fit,
      predicted: at.value,
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

  const points: MappingPoint[] = ladderPoints
    .filter((p) => Number.isFinite(p.subset) && Number.isFinite(p.full))
    .map((p) => ({ x: p.subset, y: p.full }));
  const plain = fitMapping(params.mapping, points, { rmse: params.rmse });
  let mapping = plain;
  const usable: MappingPoint[] = [];
  for (const a of anchors) {
    const check = anchorCompatibility(plain, { x: a.subset, y: a.full });
    a.compatible = check.compatible;
    a.reason = check.reason;
    if (check.compatible && params.useAnchors) usable.push({ x: a.subset, y: a.full });
    else if (!check.compatible) warnings.push(`anchor "${a.model}" left out: ${check.reason}`);
  }
  if (usable.length) mapping = fitMapping(params.mapping, [...points, ...usable], { rmse: params.rmse });
  warnings.push(...mapping.warnings);
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

/**
 * The rest of the benchmark, outside the predictable subset: clusters with a sound fit of their own keep it; the
 * outliers and the other clusters are extrapolated together by one end-to-end fit of their mean pass rate; questions
 * no ladder model solved stay at 0 (any emergence past the ladder is invisible to every method).
 */
function decomposedRest(
  f: Features,
  clusters: ClusterInfo[],
  groups: Map<number, Group>,
  goodIds: Set<number>,
  outliers: number[],
  C: number[],
  Ct: number,
  params: PredictParams,
) {
  const warnings: string[] = [];
  const sound = clusters.filter(
    (k) =>
      !goodIds.has(k.id) &&
      k.fit?.converged &&
      Number.isFinite(k.predicted) &&
      k.cls === 'non-extrapolatable' &&
      param(k.fit, 'b', 0) > 0 &&
      k.predicted >= k.curve[k.curve.length - 1] - 0.05 &&
      k.fit.rmse <= 0.05,
  );
  const soundIds = new Set(sound.map((k) => k.id));
  const remainderRows: number[] = [...outliers];
  for (const k of clusters)
    if (!goodIds.has(k.id) && !soundIds.has(k.id)) remainderRows.push(...(groups.get(k.id)?.rows ?? []));
  let total = 0;
  let lowSum = 0;
  let highSum = 0;
  for (const k of sound) {
    total += k.size * k.predicted;
    lowSum += k.size * k.low;
    highSum += k.size * k.high;
  }
  if (remainderRows.length) {
    const curve = meanCurve(f.X, remainderRows);
    const fit = fitLaw(params.law, C, curve, lawBounds(params));
    let at = lawInterval(fit, Ct, Z95);
    const top = curve[curve.length - 1];
    if (!fit.converged || !Number.isFinite(at.value)) {
      warnings.push(
        'the remainder of the benchmark could not be fitted: it is held at its largest ladder score',
      );
      at = { value: top, low: top, high: Math.min(1, top + 0.1) };
    }
    total += remainderRows.length * at.value;
    lowSum += remainderRows.length * at.low;
    highSum += remainderRows.length * at.high;
  }
  const n = sound.reduce((s, k) => s + k.size, 0) + remainderRows.length;
  return {
    n,
    predicted: n ? total / n : 0,
    low: n ? lowSum / n : 0,
    high: n ? highSum / n : 0,
    warnings,
  };
}

/** When the full-set metric is not the mean pass rate (metrics file), map one to the other on the ladder. */
function metricCalibration(study: Study, bench: Benchmark, f: Features, ladderFull: number[]) {
  const hasMetric = f.ladder.some((l) =>
    study.metrics.some((x) => x.model === l.model && x.benchmark === bench.name),
  );
  if (!hasMetric) return null;
  const points = f.ladder
    .map((l, m) => ({
      x: columnMeanOver(bench, f.columns[m], range(bench.questions.length)),
      y: ladderFull[m],
    }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  return fitMapping('monotone', points);
}

function* range(n: number): Iterable<number> {
  for (let i = 0; i < n; i++) yield i;
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

/** The data requirements of METHOD.md §13 as warnings attached to every result. */
function dataWarnings(
  study: Study,
  bench: Benchmark,
  f: Features,
  full: number[],
  target: TargetSpec,
): string[] {
  const w: string[] = [];
  const d = f.ladder.length;
  if (d > 0 && d < 8) w.push(`only ${d} ladder models: COD is most reliable with 8 or more`);
  let maxTrials = 0;
  for (const m of f.columns) {
    for (let q = 0; q < bench.questions.length; q++)
      maxTrials = Math.max(maxTrials, bench.trials[q * bench.models.length + m]);
  }
  if (d > 0 && maxTrials <= 1) {
    w.push(
      'every ladder score is a single 0/1 trial: COD needs pass rates from repeated sampling (e.g. 100 samples)',
    );
  } else if (d > 0 && maxTrials < 30) {
    w.push(
      `ladder pass rates come from at most ${maxTrials} samples per question: their noise blurs the difficulty ` +
        'clusters (more outliers, a smaller predictable subset); the paper used 100 samples',
    );
  }
  for (let m = 1; m < d; m++) {
    if (full[m] < full[m - 1] - 0.02) {
      w.push(
        `the ladder is not monotone: ${f.ladder[m].model} scores ${(full[m] * 100).toFixed(1)}% below ` +
          `${f.ladder[m - 1].model}'s ${(full[m - 1] * 100).toFixed(1)}% with more compute`,
      );
      break;
    }
  }
  if (d > 0 && full[d - 1] < 0.05) {
    w.push(
      `the largest ladder model scores ${(full[d - 1] * 100).toFixed(1)}%: near-zero pass rates extrapolate poorly`,
    );
  }
  if (d > 0) {
    const top = f.ladder[d - 1].flops;
    const ratio = target.flops / top;
    if (ratio < 1) w.push(`the target's compute is below the largest ladder model's (${ratio.toFixed(2)}×)`);
    else if (ratio > 25)
      w.push(`extrapolating ${ratio.toFixed(0)}× beyond the largest ladder model (more than 25×)`);
  }
  if (study.models.find((m) => m.name === target.name)?.role === 'ladder') {
    w.push(`the target "${target.name}" is also a ladder model: its own results enter the fit`);
  }
  return w;
}

/**
 * COD's prediction of every benchmark of the study for one target (a study model or a planned run given by its
 * compute in FLOPs). Scores in [0,1]; never throws for data problems, which come back as warnings and statuses.
 */
export function predict(
  study: Study,
  target: TargetSpec,
  params: Partial<PredictParams> = {},
): PredictResult {
  const p: PredictParams = { ...DEFAULT_PARAMS, ...params };
  const ladderStudy = excludeTarget(study, target);
  const benchmarks = ladderStudy.benchmarks.map((b) => {
    const f = computeFeatures(ladderStudy, b.name);
    return predictBenchmark(ladderStudy, f, clusterFeatures(f, p), target, p);
  });
  const warnings: string[] = [];
  if (!(target.flops > 0)) warnings.push(`the target "${target.name}" has no training compute`);
  return { target, method: 'cod', params: p, benchmarks, warnings };
}

/** The study with the target's own role forced away from the ladder, so its results never enter the features. */
export function excludeTarget(study: Study, target: TargetSpec): Study {
  const m = study.models.find((x) => x.name === target.name);
  if (!m || m.role === 'target') return study;
  return { ...study, models: study.models.map((x) => (x === m ? { ...x, role: 'target' } : x)) };
}
