/** Per-cluster scaling-law fits and the extrapolation filter that makes the predictable subset (METHOD.md §4). */
import type { Clustering } from '../cluster/index.ts';
import type { Features } from './features.ts';
import { fitLaw, LAWS, toLawUnits, withNoiseOf } from '../fit/index.ts';
import type { ClusterInfo, LawFitSummary, PredictParams } from '../study/types.ts';

/** A cluster whose pass rate on the largest ladder model is below this has not emerged yet. */
const EMERGENCE_LEVEL = 0.1;

/** Bounds of the chosen law with the lower bound on c replaced by `cLower`. */
export function lawBounds(params: PredictParams): { lower: number[]; upper: number[] } {
  const law = LAWS[params.law];
  const lower = [...law.defaultBounds.lower];
  const upper = [...law.defaultBounds.upper];
  const ci = law.paramNames.indexOf('c');
  if (ci >= 0) lower[ci] = params.cLower;
  return { lower, upper };
}

export function param(fit: LawFitSummary, name: string, fallback: number): number {
  const i = fit.paramNames.indexOf(name);
  return i >= 0 ? fit.params[i] : fallback;
}

export function classify(
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

export interface Group {
  rows: number[];
  curve: number[];
}

/** Mean pass rate per ladder model over the given feature rows. */
export function meanCurve(X: Features['X'], rows: number[]): number[] {
  const curve = new Array(X.d).fill(0);
  for (const r of rows) for (let j = 0; j < X.d; j++) curve[j] += X.data[r * X.d + j];
  return curve.map((s) => (rows.length ? s / rows.length : NaN));
}

/**
 * The law fitted to `curve`, a mean over feature `rows`; with smoothed features, its covariance carries the noise of
 * the same rows' raw mean curve (the smoothing hides it, and the interval would be too narrow).
 */
export function fitCurve(
  f: Features,
  rows: number[],
  curve: number[],
  C: number[],
  fit: (curve: number[]) => LawFitSummary,
): LawFitSummary {
  const own = fit(curve);
  return f.raw ? withNoiseOf(own, C, meanCurve(f.raw, rows)) : own;
}

/** A cluster's members, mean curve over the ladder and fitted law: what `predictBenchmark` reuses across calls. */
export interface ClusterFit extends Group {
  id: number;
  /** MeanShift mode / K-means centre in feature space. */
  center: number[];
  fit: LawFitSummary | null;
}

/**
 * Law fits by their inputs (law, bounds, compute, curve): a fit is a pure function of them, so clusterings that share
 * a cluster (a U sweep whose radius never merges distinct difficulty vectors, say) fit it once. Bounded: it starts
 * over past `limit` entries.
 */
export class LawFitMemo {
  private readonly fits = new Map<string, LawFitSummary>();
  hits = 0;
  misses = 0;

  constructor(readonly limit = 50_000) {}

  fit(law: PredictParams['law'], C: number[], curve: number[], bounds: { lower: number[]; upper: number[] }) {
    const key = JSON.stringify([law, bounds.lower, bounds.upper, C, curve]);
    const known = this.fits.get(key);
    if (known) {
      this.hits++;
      return known;
    }
    this.misses++;
    const fit = fitLaw(law, C, curve, bounds);
    if (this.fits.size >= this.limit) this.fits.clear();
    this.fits.set(key, fit);
    return fit;
  }
}

/**
 * Fits the law to every cluster's mean pass rate (compute in 1e18-FLOP units inside). Depends only on the features,
 * the clustering, the law and the bound on c, so callers cache it while thresholds, mapping and target change;
 * `memo` shares the fits of identical clusters between clusterings.
 */
export function fitClusters(
  f: Features,
  clustering: Clustering,
  params: PredictParams,
  memo?: LawFitMemo,
): ClusterFit[] {
  const groups = new Map<number, Group>();
  clustering.labels.forEach((label, r) => {
    if (label < 0) return;
    let g = groups.get(label);
    if (!g) groups.set(label, (g = { rows: [], curve: [] }));
    g.rows.push(r);
  });
  const C = f.ladder.map((l) => toLawUnits(l.flops));
  const bounds = lawBounds(params);
  const fit = (curve: number[]) =>
    memo ? memo.fit(params.law, C, curve, bounds) : fitLaw(params.law, C, curve, bounds);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, g]) => {
      const curve = meanCurve(f.X, g.rows);
      return {
        id,
        rows: g.rows,
        curve,
        center: Array.from(clustering.centers.subarray(id * f.X.d, (id + 1) * f.X.d)),
        fit: f.X.d ? fitCurve(f, g.rows, curve, C, fit) : null,
      };
    });
}
