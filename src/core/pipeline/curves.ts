/**
 * Plot-ready curves of one benchmark's COD prediction, computed in the worker so the page only draws:
 * each cluster's fitted law with its 95% band on a log-compute grid up to the target, and the mapping curve.
 */
import { lawInterval } from '../fit/fit.ts';
import { toLawUnits } from '../fit/laws.ts';
import { evalMapping } from './mapping.ts';
import type { BenchmarkPrediction, TargetSpec } from '../study/types.ts';

export interface PlotData {
  benchmark: string;
  /** Compute grid (FLOPs) shared by the cluster curves. */
  grid: Float64Array;
  /** Per cluster, the fitted law and its 95% band on the grid (NaN where undefined). Typed arrays clone cheaply. */
  clusters: { id: number; y: Float64Array; low: Float64Array; high: Float64Array }[];
  /** The subset→full mapping on [0,1]; null without a mapping. */
  mapping: { x: number; y: number }[] | null;
}

/** Log-spaced compute grid in FLOPs from below the smallest ladder model to beyond the target. */
export function computeGrid(ladderFlops: number[], targetFlops: number, points = 60): number[] {
  const lo = Math.log10(Math.min(...ladderFlops, targetFlops) / 1.5);
  const hi = Math.log10(Math.max(...ladderFlops, targetFlops) * 1.5);
  return Array.from({ length: points }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (points - 1)));
}

/** Curves of a COD prediction for the Clusters and Mapping plots; null for baselines or refused predictions. */
export function plotData(p: BenchmarkPrediction, target: TargetSpec): PlotData | null {
  const cod = p.cod;
  if (!cod) return null;
  const grid = computeGrid(
    cod.ladder.map((l) => l.flops),
    target.flops,
  );
  const clusters = cod.clusters
    .filter((c) => c.fit)
    .map((c) => {
      const y = new Float64Array(grid.length);
      const low = new Float64Array(grid.length);
      const high = new Float64Array(grid.length);
      grid.forEach((x, i) => {
        const iv = lawInterval(c.fit!, toLawUnits(x));
        y[i] = Number.isFinite(iv.value) ? Math.min(1, Math.max(0, iv.value)) : NaN;
        low[i] = iv.low;
        high[i] = iv.high;
      });
      return { id: c.id, y, low, high };
    });
  let mapping: { x: number; y: number }[] | null = null;
  if (cod.mapping) {
    const m = cod.mapping;
    mapping = Array.from({ length: 101 }, (_, i) => ({ x: i / 100, y: evalMapping(m, i / 100) }));
  }
  return { benchmark: p.benchmark, grid: Float64Array.from(grid), clusters, mapping };
}

/** The line and band of one cluster as plot points, skipping undefined grid values. */
export function clusterCurve(
  grid: Float64Array,
  c: PlotData['clusters'][number],
): { line: { x: number; y: number }[]; band: { x: number; low: number; high: number }[] } {
  const line: { x: number; y: number }[] = [];
  const band: { x: number; low: number; high: number }[] = [];
  grid.forEach((x, i) => {
    if (!Number.isFinite(c.y[i])) return;
    line.push({ x, y: c.y[i] });
    if (Number.isFinite(c.low[i]) && Number.isFinite(c.high[i]))
      band.push({ x, low: c.low[i], high: c.high[i] });
  });
  return { line, band };
}
