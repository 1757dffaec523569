/**
 * Worker thread of meanShiftInParallel: prepares the seeds of the points it is sent, then claims chunks of
 * MeanShift's run order from the shared seed board until none is left, and posts their outcomes.
 */
import { parentPort } from 'node:worker_threads';
import { meanShiftRunner, type MeanShiftOptions, type SeedOutcomes } from '../core/cluster/meanshift.ts';
import type { Points } from '../core/cluster/points.ts';
import { SeedBoard } from './seed-board.ts';

/** The points a worker prepares its seeds for, sent as soon as it starts (before this thread's own preparation). */
export interface MeanShiftPoints {
  kind: 'points';
  X: Points;
  bandwidth: number;
  options: MeanShiftOptions;
}

/** Then its share: the seed board to claim chunks from, its lane and the chunk size. */
export interface MeanShiftRun {
  kind: 'run';
  board: SharedArrayBuffer;
  lane: number;
  chunk: number;
}

let runner: ReturnType<typeof meanShiftRunner> | null = null;
let failure: string | null = null;

parentPort?.on('message', (msg: MeanShiftPoints | MeanShiftRun) => {
  if (msg.kind === 'points') {
    // the tree and lists first: a chunk claimed before them would wait while the other threads could run it
    try {
      runner = meanShiftRunner(msg.X, msg.bandwidth, msg.options);
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    return;
  }
  try {
    if (!runner) throw new Error(failure ?? 'no points to run seeds on');
    const board = new SeedBoard(msg.board);
    const parts: SeedOutcomes[] = [];
    for (let c = board.claim(msg.lane, msg.chunk); c; c = board.claim(msg.lane, msg.chunk))
      parts.push(runner.run(c[0], c[1]));
    const buffers = parts.flatMap((p) => [
      p.seeds.buffer,
      p.finals.buffer,
      p.intensities.buffer,
      p.completed.buffer,
    ]);
    parentPort?.postMessage({ parts }, buffers as ArrayBuffer[]);
  } catch (e) {
    parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
