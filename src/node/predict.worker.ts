/** Worker thread of predictInParallel: runs the pure COD pipeline on the benchmarks it is sent. */
import { parentPort } from 'node:worker_threads';
import { predict } from '../core/pipeline/predict.ts';
import type { Study } from '../core/study/study.ts';
import type { PredictParams, TargetSpec } from '../core/study/types.ts';

parentPort?.on('message', (msg: { id: number; study: Study; target: TargetSpec; params: PredictParams }) => {
  try {
    parentPort?.postMessage({ id: msg.id, result: predict(msg.study, msg.target, msg.params) });
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
