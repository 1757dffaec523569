/** Worker thread of predictInParallel and runOnThreads: the staged COD pipeline on named benchmarks, or candidate runs. */
import { parentPort } from 'node:worker_threads';
import { runCandidateRun } from '../core/methods/evidence.ts';
import { Pipeline } from '../core/pipeline/stages.ts';
import type { WorkerJob } from './parallel.ts';

parentPort?.on('message', (msg: WorkerJob) => {
  try {
    const result =
      'run' in msg
        ? runCandidateRun(msg.run)
        : new Pipeline().run(msg.study, msg.target, msg.params, msg.only);
    parentPort?.postMessage({ id: msg.id, result });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
