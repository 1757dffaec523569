/**
 * Exact MeanShift with its seeds spread over worker threads: each thread runs the trajectories of one range of
 * seeds, and meanShiftFinish merges them, so the result is meanShift's, bit for bit.
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
 * cores; this thread takes one share). Same labels, centres and n_iter.
 */
export async function meanShiftInParallel(
  X: Points,
  bandwidth: number,
  options: MeanShiftOptions = {},
  threads = availableParallelism(),
): Promise<MeanShiftResult> {
  const nSeeds = meanShiftSeedCount(X, bandwidth, options);
  const lanes = Math.max(1, Math.min(threads, Math.floor(nSeeds / MIN_SEEDS_PER_THREAD)));
  if (lanes <= 1) return meanShift(X, bandwidth, options);
  const bounds = Array.from({ length: lanes + 1 }, (_, i) => Math.round((i * nSeeds) / lanes));
  const others = bounds
    .slice(1, -1)
    .map((from, i) => inWorker({ X, bandwidth, options, from, to: bounds[i + 2] }));
  const mine = meanShiftSeeds(X, bandwidth, options, 0, bounds[1]);
  return meanShiftFinish(X, bandwidth, [mine, ...(await Promise.all(others))], options);
}
