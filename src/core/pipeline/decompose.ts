/**
 * The decomposed subset→full step: the predictable subset's extrapolation plus an extrapolation of the rest of the
 * benchmark on its own, instead of a mapping fitted through the ladder's points (which is always an extrapolation).
 */
import { fitCurve, lawBounds, meanCurve, param, type Group } from './clusterfit.ts';
import type { Features } from './features.ts';
import { fitLaw, lawInterval } from '../fit/index.ts';
import { fitMapping } from './mapping.ts';
import { columnMean, type Benchmark, type Study } from '../study/study.ts';
import type { ClusterInfo, PredictParams } from '../study/types.ts';

/**
 * The rest of the benchmark, outside the predictable subset: clusters with a sound fit of their own keep it; the
 * outliers and the other clusters are extrapolated together by one end-to-end fit of their mean pass rate; questions
 * no ladder model solved stay at 0 (any emergence past the ladder is invisible to every method; smoothed pass rates
 * leave none all-zero, so there are none).
 */
export function decomposedRest(
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
    const fit = fitCurve(f, remainderRows, curve, C, (y) => fitLaw(params.law, C, y, lawBounds(params)));
    let at = lawInterval(fit, Ct);
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
export function metricCalibration(study: Study, bench: Benchmark, f: Features, ladderFull: number[]) {
  const hasMetric = f.ladder.some((l) =>
    study.metrics.some((x) => x.model === l.model && x.benchmark === bench.name),
  );
  if (!hasMetric) return null;
  const points = f.ladder
    .map((l, m) => ({
      x: columnMean(bench, f.columns[m]),
      y: ladderFull[m],
    }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  return fitMapping('monotone', points);
}
