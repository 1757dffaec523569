/**
 * Worker thread of meanShiftInParallel: claims chunks of MeanShift's run order from the shared seed board until none
 * is left, and posts their outcomes.
 */
import { parentPort } from 'node:worker_threads';
import { meanShiftRunner, type MeanShiftOptions, type SeedOutcomes } from '../core/cluster/meanshift.ts';
import type { Points } from '../core/cluster/points.ts';
import { SeedBoard } from './seed-board.ts';

export interface MeanShiftJob {
  X: Points;
  bandwidth: number;
  options: MeanShiftOptions;
  board: SharedArrayBuffer;
  lane: number;
  chunk: number;
}

parentPort?.on('message', (job: MeanShiftJob) => {
  try {
    const board = new SeedBoard(job.board);
    const parts: SeedOutcomes[] = [];
    // the tree and lists first: a chunk claimed before them would wait while the other threads could run it
    const runner = meanShiftRunner(job.X, job.bandwidth, job.options);
    for (let c = board.claim(job.lane, job.chunk); c; c = board.claim(job.lane, job.chunk))
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
