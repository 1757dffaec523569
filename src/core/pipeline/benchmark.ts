/**
 * The subset→full stage of the pipeline for one benchmark: from the classes stage's predictable subset, a mapping
 * through the ladder's (subset, full) points (and compatible anchors) or the decomposed prediction of the rest of
 * the benchmark, and the prediction with its interval. It is the only stage that reads the mapping's parameters.
 */
import type { Clustering } from '../cluster/index.ts';
import { classifyBenchmark, scored, type Classified } from './classes.ts';
import { fitClusters, type ClusterFit } from './clusterfit.ts';
import { decomposedRest, metricCalibration } from './decompose.ts';
import type { Features } from './features.ts';
import { toLawUnits } from '../fit/index.ts';
import { anchorCompatibility, evalMapping, fitMapping, type MappingPoint } from './mapping.ts';
import { findBenchmark, type Benchmark, type Study } from '../study/study.ts';
import type {
  AnchorPoint,
  BenchmarkPrediction,
  LadderPoint,
  MappingModel,
  PredictParams,
  TargetSpec,
} from '../study/types.ts';

/**
 * The mapping stage: the classes stage's subset carried to the full benchmark at the target's compute (FLOPs); a
 * finished (refused or fallback) prediction passes through. Scores in [0,1]; `fits` are the clustering's fits.
 */
export function mapBenchmark(
  study: Study,
  f: Features,
  fits: ClusterFit[],
  classified: Classified,
  target: TargetSpec,
  params: PredictParams,
): BenchmarkPrediction {
  if (classified.kind === 'final') return classified.prediction;
  const { cod: subset, goodIds, outliers, ladderFull } = classified;
  const warnings = [...classified.warnings];
  const anchors = subset.anchors.map((a) => ({ ...a }));
  const { subsetPredicted, subsetLow, subsetHigh, counts } = subset;
  const done = (predicted: number, low: number, high: number, mapping: MappingModel | null) =>
    scored(classified.benchmark, classified.actual, {
      status: 'ok',
      predicted,
      low,
      high,
      warnings,
      cod: { ...subset, anchors, mapping },
    });

  if (params.mapping === 'decomposed') {
    const C = f.ladder.map((l) => toLawUnits(l.flops));
    const groups = new Map(fits.map((k) => [k.id, k]));
    const rest = decomposedRest(
      f,
      subset.clusters,
      groups,
      new Set(goodIds),
      outliers,
      C,
      toLawUnits(target.flops),
      params,
    );
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
    const bench = findBenchmark(study, f.benchmark) as Benchmark;
    const calibration = metricCalibration(study, bench, f, ladderFull);
    if (calibration) [predicted, low, high] = [predicted, low, high].map((x) => evalMapping(calibration, x));
    return done(predicted, low, high, calibration ?? null);
  }

  const mapping = mapWithAnchors(subset.ladder, anchors, params, warnings);
  return done(
    evalMapping(mapping, subsetPredicted),
    evalMapping(mapping, subsetLow),
    evalMapping(mapping, subsetHigh),
    mapping,
  );
}

/**
 * COD's prediction of one benchmark from its features and clustering: the classes stage, then the mapping stage
 * (what `Pipeline.benchmark` runs with each stage cached). Scores in [0,1]; the target's compute in FLOPs.
 */
export function predictBenchmark(
  study: Study,
  f: Features,
  clustering: Clustering,
  target: TargetSpec,
  params: PredictParams,
  fits: ClusterFit[] = fitClusters(f, clustering, params),
): BenchmarkPrediction {
  const classified = classifyBenchmark(study, f, clustering, target, params, fits);
  return mapBenchmark(study, f, fits, classified, target, params);
}

/**
 * The subset→full mapping through the ladder's (subset, full) points; anchors that agree with it (within its
 * tolerance) are added as points when `useAnchors` is on, the others are named in the warnings. Marks each anchor
 * (of this stage's own copy) compatible or not.
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
