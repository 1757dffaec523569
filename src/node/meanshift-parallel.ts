/**
 * Exact MeanShift with its seeds spread over worker threads. The threads share out positions of meanShift's run
 * order (tree order, so neighbouring positions share neighbour lists) on a seed board: each owns a lane and a thread
 * done with its own steals from the back of the fullest (seed-board.ts). The workers start first, so their start-up
 * (about 50–80 ms each) overlaps this thread's work, and a worker that has claimed nothing when the board is empty is
 * stopped, not awaited. meanShiftFinish merges the outcomes: the result is meanShift's, bit for bit, however the
 * seeds fell. (Deciding from a timed first tenth, then splitting the rest in fixed halves, kept the 3,000-point hard
 * set on one thread: 0.57 s for the whole process against 0.62 s with fixed halves from the start.)
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
import type { MeanShiftJob } from './meanshift.worker.ts';
import { SeedBoard } from './seed-board.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = FROM_SOURCE
  ? new URL('../../bin/ts-worker.mjs', import.meta.url)
  : new URL('./meanshift.worker.mjs', import.meta.url);
const ENTRY = new URL('./meanshift.worker.ts', import.meta.url).href;

/** Below this many seeds per thread a worker's start-up costs more than it saves. */
const MIN_SEEDS_PER_THREAD = 400;
/** Chunks of about this share of the seeds (within [8, 256]): few claims, and little left to wait for at the end. */
const CHUNK_SHARE = 1 / 256;
/**
 * CPU milliseconds the seeds left must take on this thread, at the rate so far, before workers start: a worker's
 * start-up takes 50–80 ms and slows this thread while it runs.
 */
const MIN_PARALLEL_MS = 2500;
/** CPU milliseconds of this thread's chunks before their rate is trusted (the first run on a cold JIT). */
const WARM_MS = 150;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Instruments of a parallel run (tests and bench). */
export interface ParallelProbe {
  /** Seeds run per thread, this one first. */
  seedsByThread?: number[];
  /** Test instrument: once workers start, wait for each to claim its first chunk before going on. */
  waitForWorkers?: boolean;
}

interface Lane {
  worker: Worker;
  parts: Promise<SeedOutcomes[]>;
}

function startWorker(job: MeanShiftJob): Lane {
  const worker = new Worker(WORKER, { workerData: { entry: ENTRY } });
  worker.postMessage(job);
  const parts = new Promise<SeedOutcomes[]>((resolve, reject) => {
    worker.once('message', (msg: { parts?: SeedOutcomes[]; error?: string }) => {
      void worker.terminate();
      if (msg.parts) resolve(msg.parts);
      else reject(new Error(msg.error));
    });
    worker.once('error', reject);
  });
  // a worker stopped before it answers leaves this promise pending: nothing awaits it then
  parts.catch(() => undefined);
  return { worker, parts };
}

/**
 * `meanShift(X, bandwidth, options)` with the seeds shared out over up to `threads` threads (default: the machine's
 * cores; this thread is one of them, and every thread gets at least 400 seeds) once the seeds left would take at
 * least `minParallelMs` of CPU on this thread. Same labels, centres and n_iter.
 */
export async function meanShiftInParallel(
  X: Points,
  bandwidth: number,
  options: MeanShiftOptions = {},
  threads = availableParallelism(),
  minParallelMs = MIN_PARALLEL_MS,
  probe?: ParallelProbe,
): Promise<MeanShiftResult> {
  const runner = meanShiftRunner(X, bandwidth, options);
  const { nSeeds } = runner;
  const used = Math.max(1, Math.min(threads, Math.floor(nSeeds / MIN_SEEDS_PER_THREAD)));
  if (used === 1) {
    if (probe) probe.seedsByThread = [nSeeds];
    return meanShiftFinish(X, bandwidth, [runner.run(0, nSeeds)], options);
  }
  const board = new SeedBoard(used, nSeeds);
  const chunk = Math.min(256, Math.max(8, Math.round(nSeeds * CHUNK_SHARE)));
  const parts: SeedOutcomes[] = [];
  let lanes: Lane[] | null = null;
  const start = cpuMs();
  let done = 0;
  for (let c = board.claim(0, chunk); c; c = board.claim(0, chunk)) {
    parts.push(runner.run(c[0], c[1]));
    done += c[1] - c[0];
    if (lanes) continue;
    const spent = cpuMs() - start;
    if (spent < Math.min(WARM_MS, minParallelMs) || (spent * (nSeeds - done)) / done < minParallelMs)
      continue;
    lanes = Array.from({ length: used - 1 }, (_, i) =>
      startWorker({ X, bandwidth, options, board: board.buffer, lane: i + 1, chunk }),
    );
    if (probe?.waitForWorkers)
      while (!lanes.every((_, i) => board.started(i + 1))) await new Promise((r) => setTimeout(r, 1));
  }
  const others: SeedOutcomes[][] = [];
  for (const [i, lane] of (lanes ?? []).entries()) {
    if (board.started(i + 1)) others.push(await lane.parts);
    else void lane.worker.terminate();
  }
  if (probe) {
    const count = (ps: SeedOutcomes[]) => ps.reduce((t, p) => t + p.seeds.length, 0);
    probe.seedsByThread = [count(parts), ...others.map(count)];
  }
  return meanShiftFinish(X, bandwidth, [...parts, ...others.flat()], options);
}
