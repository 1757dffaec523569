/** `scalecast cluster --points <csv> [--algorithm meanshift|cod|kmeans|improved-kmeans|dbscan] [--bandwidth R | --quantile Q] …` */
import {
  dbscan,
  estimateBandwidth,
  improvedKMeans,
  improvedMeanShift,
  kMeans,
  pointsFromRows,
  subsetPoints,
  type Points,
} from '../core/cluster/index.ts';
import { meanShiftInParallel } from '../node/meanshift-parallel.ts';
import { JSON_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';
import { numberFlag, readNumericCsv } from './load.ts';

const ALGORITHMS = ['meanshift', 'cod', 'kmeans', 'improved-kmeans', 'dbscan'];

export const spec: CommandSpec = {
  name: 'cluster',
  summary: 'cluster points (e.g. questions by their pass rates over a ladder) with scikit-learn’s semantics',
  usage: '--points <csv> [flags]',
  flags: [
    {
      name: 'points',
      kind: 'value',
      arg: 'csv',
      help: 'a CSV of numeric columns with a header row (required)',
    },
    {
      name: 'algorithm',
      kind: 'value',
      arg: 'name',
      help: `${ALGORITHMS.join(', ')} (default meanshift; cod is the improved MeanShift)`,
    },
    {
      name: 'bandwidth',
      kind: 'value',
      arg: 'R',
      help: 'MeanShift radius (default: estimated from --quantile)',
    },
    {
      name: 'quantile',
      kind: 'value',
      arg: 'Q',
      help: 'quantile of the bandwidth estimate (default 0.3; cod: 0.1)',
    },
    { name: 'bin-seeding', kind: 'switch', help: 'MeanShift: seed from a grid of bandwidth-sized bins' },
    { name: 'upper', kind: 'value', arg: 'U', help: 'cod: the largest radius (default √d/10)' },
    {
      name: 'min-cluster-size',
      kind: 'value',
      arg: 'K',
      help: 'cod, improved-kmeans: smallest cluster (default 10)',
    },
    { name: 'k', kind: 'value', arg: 'K', help: 'kmeans: number of clusters (default 8)' },
    { name: 'eps', kind: 'value', arg: 'E', help: 'dbscan: neighbourhood radius (default 0.5)' },
    { name: 'min-samples', kind: 'value', arg: 'M', help: 'dbscan: neighbours of a core point (default 5)' },
    { name: 'seed', kind: 'value', arg: 'S', help: 'kmeans, improved-kmeans: random seed (default 1)' },
    {
      name: 'threads',
      kind: 'value',
      arg: 'N',
      help: 'meanshift: threads the seeds are spread over (default: the machine’s cores; same result)',
    },
    JSON_FLAG,
  ],
};

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
export async function clusterPoints(X: Points, args: ParsedArgs): Promise<Output> {
  const algorithm = typeof args.flags.algorithm === 'string' ? args.flags.algorithm : 'meanshift';
  const bandwidthFlag = numberFlag(args, 'bandwidth');
  const seed = numberFlag(args, 'seed') ?? 1;
  const minClusterSize = numberFlag(args, 'min-cluster-size') ?? 10;
  switch (algorithm) {
    case 'meanshift': {
      const bandwidth = bandwidthFlag ?? estimateBandwidth(X, numberFlag(args, 'quantile') ?? 0.3);
      const r = await meanShiftInParallel(
        X,
        bandwidth,
        { binSeeding: args.flags['bin-seeding'] === true },
        numberFlag(args, 'threads'),
      );
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
      throw new UsageError(`unknown algorithm "${algorithm}"; known: ${ALGORITHMS.join(', ')}`);
  }
}

export async function run(args: ParsedArgs): Promise<number> {
  if (typeof args.flags.points !== 'string') throw new UsageError('--points <csv> is required');
  const out = await clusterPoints(pointsFromRows(readNumericCsv(args.flags.points).rows), args);
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
