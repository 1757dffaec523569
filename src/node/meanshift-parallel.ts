/**
 * Exact MeanShift with its seeds spread over worker threads: each thread runs the trajectories of one range of
 * positions in meanShift's run order (tree order, so a range's seeds are neighbours and share their neighbour lists),
 * and meanShiftFinish merges them, so the result is meanShift's, bit for bit. This thread runs slices of that order
 * and starts workers for the rest only once the last slice's rate says the rest would take long enough to pay for
 * their start-up. (Slices of seed indices, a fair sample each, scattered their seeds over the data: the 3,000-point
 * hard set's whole process took 0.82 s of CPU against 0.72 s now.)
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  meanShift,
  meanShiftFinish,
  meanShiftRunner,
  meanShiftSeedCount,
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
/** Seeds per slice this thread runs before it decides again whether workers would pay. */
const SLICE_SHARE = 0.025;
/**
 * CPU milliseconds the remaining seeds must take on this thread at the last slice's rate before workers start. The
 * rate overstates the rest (later seeds meet known trajectories sooner), and a worker's start-up costs about 0.3 s of
 * CPU: the 3,000-point hard set took 1.25–1.49 s of process CPU on 2 threads against 1.05–1.17 s on one, with no
 * wall-time gain under load; its rate after 0.3 s said 1.0–1.4 s were left.
 */
const MIN_PARALLEL_MS = 2000;
/** CPU milliseconds of slices before their rate is trusted. */
const WARM_MS = 300;

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
 * cores; this thread takes one share) once the seeds left would take at least `minParallelMs` of CPU on this thread.
 * Same labels, centres and n_iter.
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
  const runner = meanShiftRunner(X, bandwidth, options);
  const slice = Math.max(1, Math.ceil(nSeeds * SLICE_SHARE));
  const parts: SeedOutcomes[] = [];
  const start = cpuMs();
  let done = 0;
  while (done < nSeeds) {
    const c0 = cpuMs();
    const to = Math.min(nSeeds, done + slice);
    parts.push(runner.run(done, to));
    const c1 = cpuMs();
    const restMs = ((c1 - c0) * (nSeeds - to)) / (to - done);
    done = to;
    // the first slices run on a cold JIT and an empty memo: judge the rate once warm
    const warm = c1 - start >= Math.min(WARM_MS, minParallelMs);
    if (warm && restMs >= minParallelMs && nSeeds - done >= lanes * MIN_SEEDS_PER_THREAD) break;
  }
  if (done === nSeeds) return meanShiftFinish(X, bandwidth, parts, options);
  const bounds = Array.from(
    { length: lanes + 1 },
    (_, i) => done + Math.round((i * (nSeeds - done)) / lanes),
  );
  const others = bounds
    .slice(1, -1)
    .map((from, i) => inWorker({ X, bandwidth, options, from, to: bounds[i + 2] }));
  parts.push(runner.run(done, bounds[1]));
  return meanShiftFinish(X, bandwidth, [...parts, ...(await Promise.all(others))], options);
}
