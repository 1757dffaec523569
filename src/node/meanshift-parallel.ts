/**
 * Exact MeanShift with its seeds spread over worker threads. The threads share out positions of meanShift's run
 * order (tree order, so neighbouring positions share neighbour lists) on a seed board: each owns a lane, and a thread
 * done with its own steals from the back of the fullest (seed-board.ts). The workers start before this thread's first
 * seed, so their start-up overlaps its work, and a worker that has claimed nothing when the board is empty is stopped,
 * not awaited (if it had failed, the result's warnings say so). meanShiftFinish merges the outcomes: the result is
 * meanShift's, bit for bit, however the seeds fell.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  meanShiftFinish,
  meanShiftRunner,
  type MeanShiftOptions,
  type MeanShiftResult,
  type SeedOutcomes,
} from '../core/cluster/meanshift.ts';
import type { Points } from '../core/cluster/points.ts';
import type { MeanShiftPoints, MeanShiftRun } from './meanshift.worker.ts';
import { SeedBoard } from './seed-board.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = FROM_SOURCE
  ? new URL('../../bin/ts-worker.mjs', import.meta.url)
  : new URL('./meanshift.worker.mjs', import.meta.url);
const ENTRY = new URL('./meanshift.worker.ts', import.meta.url).href;

/**
 * Seeds each thread must get before workers start. The seeds' count is the one fair early sign of the work: the rate
 * of the first seeds is not (tree order starts in a corner of the data): warm, the 12,000-point hard set's first
 * 150 ms said 1 s were left of 3.6 s, while cold, the 3,000-point set's said 1–1.5 s of 0.25 s. A worker costs 50–80 ms
 * to start and slows this thread while it runs: the 3,000-point hard set's whole process took 0.58 s on one thread
 * and 0.60 s on two; the 12,000-point set's 2.5 s on two against 4.4 s in one process on one.
 */
const MIN_SEEDS_PER_THREAD = 2000;
/** Chunks of about this share of the seeds (within [8, 256]): few claims, and little left to wait for at the end. */
const CHUNK_SHARE = 1 / 256;

/** Instruments of a parallel run (tests and bench). */
export interface ParallelProbe {
  /** Seeds run per thread, this one first. */
  seedsByThread?: number[];
  /** Test instrument: wait for every worker to claim its first chunk (or fail) before this thread claims any. */
  waitForWorkers?: boolean;
  /** Test instrument: send the workers a job without points, so each fails before it claims any seed. */
  breakWorkers?: boolean;
  /** Workers started for the rows before the seeds were known, and the exits of those the seeds did not need. */
  workersStarted?: number;
  unneededExits?: Promise<number>[];
}

interface Lane {
  worker: Worker;
  parts: Promise<SeedOutcomes[]>;
  /** Why the worker failed, once its failure has arrived. */
  failure: string | null;
}

/** meanShift's result, and what went wrong on the way without changing it (a worker thread that failed). */
export type ParallelMeanShiftResult = MeanShiftResult & { warnings: string[] };

/** A worker thread started before its job is known: it loads its code meanwhile. */
function spawnWorker(): Worker {
  return new Worker(WORKER, { workerData: { entry: ENTRY } });
}

/**
 * Worker threads for meanShiftInParallel started ahead of it (one per core but this thread's), to load while the
 * caller still reads its points (the CLI on a large file: they are ready about 50 ms sooner). Those it does not need
 * are stopped.
 */
export function prestartMeanShiftWorkers(threads = availableParallelism()): Worker[] {
  return Array.from({ length: Math.max(0, threads - 1) }, spawnWorker);
}

function startWorker(worker: Worker, job: MeanShiftRun): Lane {
  worker.postMessage(job);
  const parts = new Promise<SeedOutcomes[]>((resolve, reject) => {
    worker.once('message', (msg: { parts?: SeedOutcomes[]; error?: string }) => {
      void worker.terminate();
      if (msg.parts) resolve(msg.parts);
      else reject(new Error(msg.error));
    });
    worker.once('error', reject);
  });
  const lane: Lane = { worker, parts, failure: null };
  // a worker stopped before it answers leaves this promise pending: nothing awaits it then
  parts.catch((e: unknown) => (lane.failure = e instanceof Error ? e.message : String(e)));
  return lane;
}

/**
 * `meanShift(X, bandwidth, options)` with the seeds shared out over up to `threads` threads (default: the machine's
 * cores; this thread is one of them), each getting at least `minSeedsPerThread` seeds. Same labels, centres and
 * n_iter.
 */
export async function meanShiftInParallel(
  X: Points,
  bandwidth: number,
  options: MeanShiftOptions = {},
  threads = availableParallelism(),
  minSeedsPerThread = MIN_SEEDS_PER_THREAD,
  probe?: ParallelProbe,
  prestarted: Worker[] = [],
): Promise<ParallelMeanShiftResult> {
  // the rows bound the seeds: workers they could need start loading (or were started by the caller) while this
  // thread prepares the seeds, and prepare theirs as soon as they have loaded (the 12,000-point hard set: about
  // 90 ms sooner)
  const wanted = Math.max(0, Math.min(threads, Math.floor(X.n / minSeedsPerThread)) - 1);
  const spawned = prestarted.slice(0, wanted);
  for (const worker of prestarted.slice(wanted)) void worker.terminate();
  while (spawned.length < wanted) spawned.push(spawnWorker());
  const points: MeanShiftPoints = {
    kind: 'points',
    X: probe?.breakWorkers ? (null as unknown as Points) : X,
    bandwidth,
    options,
  };
  for (const worker of spawned) worker.postMessage(points);
  let runner: ReturnType<typeof meanShiftRunner>;
  try {
    runner = meanShiftRunner(X, bandwidth, options);
  } catch (e) {
    for (const worker of spawned) void worker.terminate();
    throw e;
  }
  const { nSeeds } = runner;
  const used = Math.max(1, Math.min(threads, Math.floor(nSeeds / minSeedsPerThread)));
  const unneeded = spawned.splice(used - 1).map((worker) => worker.terminate());
  if (probe) {
    probe.workersStarted = spawned.length + unneeded.length;
    probe.unneededExits = unneeded;
  }
  if (used === 1) {
    if (probe) probe.seedsByThread = [nSeeds];
    return { ...meanShiftFinish(X, bandwidth, [runner.run(0, nSeeds)], options), warnings: [] };
  }
  const board = new SeedBoard(used, nSeeds);
  const chunk = Math.min(256, Math.max(8, Math.round(nSeeds * CHUNK_SHARE)));
  const lanes = spawned.map((worker, i) =>
    startWorker(worker, {
      kind: 'run',
      board: board.buffer,
      lane: i + 1,
      chunk,
    }),
  );
  if (probe?.waitForWorkers)
    while (!lanes.every((lane, i) => board.started(i + 1) || lane.failure !== null))
      await new Promise((r) => setTimeout(r, 1));
  const parts: SeedOutcomes[] = [];
  for (let c = board.claim(0, chunk); c; c = board.claim(0, chunk)) parts.push(runner.run(c[0], c[1]));
  const others: SeedOutcomes[][] = [];
  const warnings: string[] = [];
  // the seeds ran without yielding: a worker's failure may be waiting in the event queue
  await new Promise((r) => setImmediate(r));
  for (const [i, lane] of lanes.entries()) {
    if (board.started(i + 1)) others.push(await lane.parts);
    else {
      void lane.worker.terminate();
      if (lane.failure !== null)
        warnings.push(
          `worker thread ${i + 1} of ${used} failed before it ran any seed (${lane.failure}); the other threads ran its share`,
        );
    }
  }
  if (probe) {
    const count = (ps: SeedOutcomes[]) => ps.reduce((t, p) => t + p.seeds.length, 0);
    probe.seedsByThread = [count(parts), ...others.map(count)];
  }
  return { ...meanShiftFinish(X, bandwidth, [...parts, ...others.flat()], options), warnings };
}
