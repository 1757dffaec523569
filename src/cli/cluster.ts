/** `scalecast cluster --points <csv> [--algorithm meanshift|cod|kmeans|improved-kmeans|dbscan] [--bandwidth R | --quantile Q] …` */
import { pointsFromRows, subsetPoints, type Points } from '../core/cluster/index.ts';
import {
  clusterPoints as dispatch,
  meanShiftRadius,
  sklearnClustering,
  type ClusteringSpec,
} from '../core/pipeline/clustering.ts';
import type { ClusteringAlgorithm } from '../core/study/types.ts';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { meanShiftInParallel, prestartMeanShiftWorkers } from '../node/meanshift-parallel.ts';
import { JSON_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';
import { numberFlag, readNumericCsv } from './numeric.ts';

const ALGORITHMS: readonly ClusteringAlgorithm[] = [
  'meanshift',
  'cod',
  'kmeans',
  'improved-kmeans',
  'dbscan',
];
const SKLEARN = sklearnClustering('meanshift');
const COD = sklearnClustering('cod');
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
      help: `quantile of the bandwidth estimate (default ${SKLEARN.quantile}; cod: ${COD.quantile})`,
    },
    { name: 'bin-seeding', kind: 'switch', help: 'MeanShift: seed from a grid of bandwidth-sized bins' },
    { name: 'upper', kind: 'value', arg: 'U', help: 'cod: the largest radius (default √d/10)' },
    {
      name: 'min-cluster-size',
      kind: 'value',
      arg: 'K',
      help: `cod, improved-kmeans: smallest cluster (default ${COD.minClusterSize})`,
    },
    { name: 'k', kind: 'value', arg: 'K', help: `kmeans: number of clusters (default ${SKLEARN.kmeansK})` },
    {
      name: 'eps',
      kind: 'value',
      arg: 'E',
      help: `dbscan: neighbourhood radius (default ${SKLEARN.dbscanEps})`,
    },
    {
      name: 'min-samples',
      kind: 'value',
      arg: 'M',
      help: `dbscan: neighbours of a core point (default ${SKLEARN.dbscanMinPts})`,
    },
    {
      name: 'seed',
      kind: 'value',
      arg: 'S',
      help: `kmeans, improved-kmeans: random seed (default ${SKLEARN.seed})`,
    },
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

/** The clustering spec of the flags over `sklearnClustering`'s defaults for the algorithm. */
function specOf(args: ParsedArgs): ClusteringSpec {
  const algorithm = typeof args.flags.algorithm === 'string' ? args.flags.algorithm : 'meanshift';
  if (!(ALGORITHMS as readonly string[]).includes(algorithm))
    throw new UsageError(`unknown algorithm "${algorithm}"; known: ${ALGORITHMS.join(', ')}`);
  const spec = sklearnClustering(algorithm as ClusteringAlgorithm);
  const flag = (name: string, fallback: number) => numberFlag(args, name) ?? fallback;
  return {
    ...spec,
    quantile: flag('quantile', spec.quantile),
    upper: spec.clustering === 'cod' ? (numberFlag(args, 'upper') ?? spec.upper) : spec.upper,
    minClusterSize: flag('min-cluster-size', spec.minClusterSize),
    kmeansK: flag('k', spec.kmeansK),
    dbscanEps: flag('eps', spec.dbscanEps),
    dbscanMinPts: flag('min-samples', spec.dbscanMinPts),
    seed: flag('seed', spec.seed),
    bandwidth: numberFlag(args, 'bandwidth'),
    binSeeding: args.flags['bin-seeding'] === true,
  };
}

/**
 * Runs the chosen algorithm through the pipeline's one clustering dispatch, with scikit-learn's defaults where it
 * has them (sklearnClustering). MeanShift spreads its seeds over --threads (same result); COD sets all-zero rows
 * aside before clustering (they stay -1), exactly as the pipeline does.
 */
export async function clusterPoints(X: Points, args: ParsedArgs, prestarted: Worker[] = []): Promise<Output> {
  const spec = specOf(args);
  if (spec.clustering === 'meanshift') {
    const { bandwidth } = meanShiftRadius(X, spec);
    const r = await meanShiftInParallel(
      X,
      bandwidth,
      { binSeeding: spec.binSeeding },
      numberFlag(args, 'threads'),
      undefined,
      undefined,
      prestarted,
    );
    for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
    return { bandwidth, labels: Array.from(r.labels), centers: rowsOf(r.centers, X.d) };
  }
  const kept: number[] = [];
  for (let i = 0; i < X.n; i++)
    if (spec.clustering !== 'cod' || X.data.subarray(i * X.d, (i + 1) * X.d).some((v) => v !== 0))
      kept.push(i);
  const r = dispatch(kept.length === X.n ? X : subsetPoints(X, kept), spec);
  const labels = new Array<number>(X.n).fill(-1);
  kept.forEach((i, j) => (labels[i] = r.labels[j]));
  return {
    bandwidth: spec.clustering === 'cod' ? r.bandwidth : null,
    labels,
    centers: rowsOf(r.centers, X.d),
  };
}

/**
 * A CSV this large may hold enough distinct rows for MeanShift's worker threads (4,000 at 2 threads, at most about
 * 36 bytes a row of 8 pass rates): they start loading before the CSV is read. Those the rows do not need are stopped.
 */
const PRESTART_BYTES = 128 * 1024;

/** MeanShift's worker threads, started before the points are read when the file is large enough to need them. */
function prestart(args: ParsedArgs, path: string): Worker[] {
  const algorithm = args.flags.algorithm ?? 'meanshift';
  const threads = numberFlag(args, 'threads') ?? availableParallelism();
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return [];
  }
  return algorithm === 'meanshift' && threads > 1 && size >= PRESTART_BYTES
    ? prestartMeanShiftWorkers(threads)
    : [];
}

export async function run(args: ParsedArgs): Promise<number> {
  if (typeof args.flags.points !== 'string') throw new UsageError('--points <csv> is required');
  const workers = prestart(args, args.flags.points);
  let out: Output;
  try {
    out = await clusterPoints(pointsFromRows(readNumericCsv(args.flags.points).rows), args, workers);
  } catch (e) {
    for (const worker of workers) void worker.terminate();
    throw e;
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
