/** Worker thread of predictInParallel: runs the staged COD pipeline on the benchmarks it is named. */
import { parentPort } from 'node:worker_threads';
import { Pipeline } from '../core/pipeline/stages.ts';
import type { Study } from '../core/study/study.ts';
import type { PredictParams, TargetSpec } from '../core/study/types.ts';

interface Job {
  id: number;
  study: Study;
  target: TargetSpec;
  params: PredictParams;
  only: string[];
}

parentPort?.on('message', (msg: Job) => {
  try {
    const result = new Pipeline().run(msg.study, msg.target, msg.params, msg.only);
    parentPort?.postMessage({ id: msg.id, result });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
