/**
 * Exact MeanShift with its seeds spread over worker threads: each thread runs the trajectories of one range of
 * seeds, and meanShiftFinish merges them, so the result is meanShift's, bit for bit. This thread first runs a tenth
 * of the seeds (in data order, a fair sample) and starts workers only when the rest would take long enough to pay
 * for their start-up.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  meanShift,
  meanShiftFinish,
  meanShiftSeedCount,
  meanShiftSeeds,
  type MeanShiftOptions,
  type MeanShiftResult,
  type SeedOutcomes,
} from '../core/cluster/meanshift.ts';
import type { Points } from '../core/cluster/points.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = FROM_SOURCE
  ? new URL('../../bin/ts-worker.mjs', import.meta.url)
  : new URL('./meanshift.worker.mjs', import.meta.url);
const ENTRY = new URL('./meanshift.worker.ts', import.meta.url).href;

/** Below this many seeds a thread's start-up costs more than it saves. */
const MIN_SEEDS_PER_THREAD = 400;
/** The seeds run first on this thread to time the job. */
const SAMPLE_SHARE = 0.1;
/**
 * CPU milliseconds the remaining seeds must take on one thread before workers are started: a worker's start-up costs
 * about 0.3 s of CPU (the 3,000-point hard set, 0.35 s in all, took 1.35 s of process CPU on 2 threads, 1.05 s on one).
 */
const MIN_PARALLEL_MS = 500;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function inWorker(job: {
  X: Points;
  bandwidth: number;
  options: MeanShiftOptions;
  from: number;
  to: number;
}): Promise<SeedOutcomes> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { entry: ENTRY } });
    worker.once('message', (msg: { out?: SeedOutcomes; error?: string }) => {
      void worker.terminate();
      if (msg.out) resolve(msg.out);
      else reject(new Error(msg.error));
    });
    worker.once('error', reject);
    worker.postMessage(job);
  });
}

/**
 * `meanShift(X, bandwidth, options)` with the seeds split over up to `threads` threads (default: the machine's
 * cores; this thread takes one share) when the seeds left after a timed tenth would take at least `minParallelMs`
 * of CPU on one thread. Same labels, centres and n_iter.
 */
export async function meanShiftInParallel(
  X: Points,
  bandwidth: number,
  options: MeanShiftOptions = {},
  threads = availableParallelism(),
  minParallelMs = MIN_PARALLEL_MS,
): Promise<MeanShiftResult> {
  const nSeeds = meanShiftSeedCount(X, bandwidth, options);
  const lanes = Math.max(1, Math.min(threads, Math.floor(nSeeds / MIN_SEEDS_PER_THREAD)));
  if (lanes <= 1) return meanShift(X, bandwidth, options);
  const sampled = Math.ceil(nSeeds * SAMPLE_SHARE);
  const c0 = cpuMs();
  const sample = meanShiftSeeds(X, bandwidth, options, 0, sampled);
  const restMs = ((cpuMs() - c0) * (nSeeds - sampled)) / sampled;
  if (restMs < minParallelMs)
    return meanShiftFinish(
      X,
      bandwidth,
      [sample, meanShiftSeeds(X, bandwidth, options, sampled, nSeeds)],
      options,
    );
  const bounds = Array.from(
    { length: lanes + 1 },
    (_, i) => sampled + Math.round((i * (nSeeds - sampled)) / lanes),
  );
  const others = bounds
    .slice(1, -1)
    .map((from, i) => inWorker({ X, bandwidth, options, from, to: bounds[i + 2] }));
  const mine = meanShiftSeeds(X, bandwidth, options, sampled, bounds[1]);
  return meanShiftFinish(X, bandwidth, [sample, mine, ...(await Promise.all(others))], options);
}
