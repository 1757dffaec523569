/** `scalecast cluster --points <csv> [--algorithm meanshift|cod|kmeans|improved-kmeans|dbscan] [--bandwidth R | --quantile Q] …` */
import {
  dbscan,
  estimateBandwidth,
  improvedKMeans,
  improvedMeanShift,
  kMeans,
  meanShift,
  pointsFromRows,
  subsetPoints,
  type Points,
} from '../core/cluster/index.ts';
import type { ParsedArgs } from './args.ts';
import { numberFlag, readNumericCsv } from './load.ts';

const USAGE =
  'scalecast cluster --points <csv> [--algorithm meanshift|cod|kmeans|improved-kmeans|dbscan] ' +
  '[--bandwidth R | --quantile Q] [--bin-seeding] [--upper U] [--min-cluster-size K] [--k K] [--eps E] ' +
  '[--min-samples M] [--seed S] [--json]';

interface Output {
  bandwidth: number | null;
  labels: number[];
  centers: number[][];
}

function rowsOf(data: Float64Array, d: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < data.length; i += d) out.push(Array.from(data.subarray(i, i + d)));
  return out;
}

/** Runs the chosen algorithm with scikit-learn's defaults where it has them (MeanShift: quantile 0.3). */
export function clusterPoints(X: Points, args: ParsedArgs): Output {
  const algorithm = typeof args.flags.algorithm === 'string' ? args.flags.algorithm : 'meanshift';
  const bandwidthFlag = numberFlag(args, 'bandwidth');
  const seed = numberFlag(args, 'seed') ?? 1;
  const minClusterSize = numberFlag(args, 'min-cluster-size') ?? 10;
  switch (algorithm) {
    case 'meanshift': {
      const bandwidth = bandwidthFlag ?? estimateBandwidth(X, numberFlag(args, 'quantile') ?? 0.3);
      const r = meanShift(X, bandwidth, {
        binSeeding: args.flags['bin-seeding'] === true || args.flags['bin-seeding'] === 'true',
      });
      return { bandwidth, labels: Array.from(r.labels), centers: rowsOf(r.centers, X.d) };
    }
    case 'cod': {
      // COD sets all-zero rows aside before clustering (they stay -1), exactly as the pipeline does.
      const kept: number[] = [];
      for (let i = 0; i < X.n; i++)
        if (X.data.subarray(i * X.d, (i + 1) * X.d).some((v) => v !== 0)) kept.push(i);
      const upper = bandwidthFlag ?? numberFlag(args, 'upper') ?? Math.sqrt(X.d) / 10;
      const r = improvedMeanShift(subsetPoints(X, kept), {
        quantile: numberFlag(args, 'quantile') ?? 0.1,
        upper,
        minClusterSize,
      });
      const labels = new Array<number>(X.n).fill(-1);
      kept.forEach((i, j) => (labels[i] = r.labels[j]));
      return { bandwidth: r.bandwidth, labels, centers: rowsOf(r.centers, X.d) };
    }
    case 'kmeans': {
      const k = numberFlag(args, 'k') ?? 8;
      const r = kMeans(X, k, { seed });
      return { bandwidth: null, labels: Array.from(r.labels), centers: rowsOf(r.centers, X.d) };
    }
    case 'improved-kmeans': {
      const r = improvedKMeans(X, { minClusterSize, seed });
      return { bandwidth: null, labels: Array.from(r.labels), centers: rowsOf(r.centers, X.d) };
    }
    case 'dbscan': {
      const r = dbscan(X, numberFlag(args, 'eps') ?? 0.5, numberFlag(args, 'min-samples') ?? 5);
      return { bandwidth: null, labels: Array.from(r.labels), centers: rowsOf(r.centers, X.d) };
    }
    default:
      throw new Error(
        `unknown algorithm "${algorithm}"; known: meanshift, cod, kmeans, improved-kmeans, dbscan`,
      );
  }
}

export async function run(args: ParsedArgs): Promise<number> {
  if (typeof args.flags.points !== 'string') {
    process.stderr.write(`usage: ${USAGE}\n`);
    return 2;
  }
  let out: Output;
  try {
    out = clusterPoints(pointsFromRows(readNumericCsv(args.flags.points).rows), args);
  } catch (e) {
    process.stderr.write(`scalecast cluster: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const sizes = new Map<number, number>();
  for (const l of out.labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  const lines = [
    `${out.centers.length} cluster(s) over ${out.labels.length} points` +
      (out.bandwidth !== null ? `, bandwidth ${out.bandwidth.toPrecision(6)}` : ''),
    ...out.centers.map(
      (c, i) => `  ${i}: ${sizes.get(i) ?? 0} points, centre [${c.map((v) => v.toFixed(4)).join(', ')}]`,
    ),
  ];
  if (sizes.get(-1)) lines.push(`  unclustered: ${sizes.get(-1)} points`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
