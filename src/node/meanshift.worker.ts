/** Worker thread of meanShiftInParallel: the trajectories of the seeds at one range of positions in the run order. */
import { parentPort } from 'node:worker_threads';
import { meanShiftSeeds, type MeanShiftOptions } from '../core/cluster/meanshift.ts';
import type { Points } from '../core/cluster/points.ts';

interface Job {
  X: Points;
  bandwidth: number;
  options: MeanShiftOptions;
  from: number;
  to: number;
}

parentPort?.on('message', (job: Job) => {
  try {
    const out = meanShiftSeeds(job.X, job.bandwidth, job.options, job.from, job.to);
    const buffers = [
      out.seeds.buffer,
      out.finals.buffer,
      out.intensities.buffer,
      out.completed.buffer,
    ] as ArrayBuffer[];
    parentPort?.postMessage({ out }, buffers);
  } catch (e) {
    parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
