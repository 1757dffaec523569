/**
 * COD over several CPU cores in node: benchmarks are independent, so worker threads take them from a queue and the
 * per-benchmark results are put back in the study's order. Same result as `predict`, bit for bit. The default method's
 * runs (`runCandidates` calls) go over the same threads (`candidateQueue`, used by default-parallel.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_PARAMS, predict } from '../core/pipeline/predict.ts';
import { prepareStudy } from '../core/pipeline/stages.ts';
import type { CandidateRun } from '../core/methods/evidence.ts';
import type { Study } from '../core/study/study.ts';
import type { PredictParams, PredictResult, TargetSpec } from '../core/study/types.ts';

/** From source (tsx) the worker loads its TypeScript through bin/ts-worker.mjs; the built CLI has it beside. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = FROM_SOURCE
  ? new URL('../../bin/ts-worker.mjs', import.meta.url)
  : new URL('./predict.worker.mjs', import.meta.url);
const ENTRY = new URL('./predict.worker.ts', import.meta.url).href;

/** A job of the worker: COD on named benchmarks (`only`), or one `runCandidates` call (`run`). */
export type WorkerJob =
  | { id: number; study: Study; target: TargetSpec; params: PredictParams; only: string[] }
  | { id: number; run: CandidateRun };

type Reply = { id: number; result?: unknown; error?: string };

/** Worker threads kept warm between calls (a fresh V8 runs the clustering up to twice slower); see closeWorkers. */
const pool: Worker[] = [];
const pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();
let nextId = 0;

function workerAt(i: number): Worker {
  if (!pool[i]) {
    const worker = new Worker(WORKER, { workerData: { entry: ENTRY } });
    worker.on('message', (msg: Reply) => {
      const job = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.result) job?.resolve(msg.result as never);
      else job?.reject(new Error(msg.error));
    });
    worker.on('error', (e) => {
      pool.splice(pool.indexOf(worker), 1);
      for (const job of pending.values()) job.reject(e);
      pending.clear();
    });
    pool[i] = worker;
  }
  return pool[i];
}

function post<T>(i: number, job: Omit<WorkerJob, 'id'>): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    workerAt(i).postMessage({ ...job, id });
  });
}

function runInWorker(
  i: number,
  study: Study,
  target: TargetSpec,
  params: PredictParams,
  benchmark: string,
): Promise<PredictResult> {
  // Only the benchmark's own matrix crosses to the thread; the pipeline there adds metric-only benchmarks itself.
  const sub = { ...study, benchmarks: study.benchmarks.filter((b) => b.name === benchmark) };
  return post(i, { study: sub, target, params, only: [benchmark] });
}

/** `predict` with the benchmarks spread over up to `threads` worker threads (default: the machine's cores). */
export async function predictInParallel(
  study: Study,
  target: TargetSpec,
  params: Partial<PredictParams> = {},
  threads = availableParallelism(),
): Promise<PredictResult> {
  const p: PredictParams = { ...DEFAULT_PARAMS, ...params };
  const all = prepareStudy(study, target).benchmarks;
  const lanes = Math.max(1, Math.min(threads, all.length));
  if (lanes <= 1) return predict(study, target, p);
  // A queue, largest benchmark first: a lane that finishes early takes the next, so cores stay busy.
  const queue = [...all].sort((x, y) => y.questions.length - x.questions.length);
  const parts: PredictResult[] = [];
  const lane = async (i: number) => {
    for (let b = queue.shift(); b; b = queue.shift()) {
      parts.push(await runInWorker(i, study, target, p, b.name));
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  const byName = new Map(parts.flatMap((r) => r.benchmarks).map((b) => [b.benchmark, b]));
  return {
    ...parts[0],
    benchmarks: all.map((b) => byName.get(b.name)!),
    warnings: [...new Set(parts.flatMap((r) => r.warnings))],
  };
}

/**
 * A queue of `runCandidates` calls over up to `threads` worker threads: each call submitted goes to the first free
 * thread, in the order submitted; its promise gives the call's result (the same as running it here).
 */
export function candidateQueue(
  threads = availableParallelism(),
): (run: CandidateRun) => Promise<PredictResult[]> {
  const lanes = Math.max(1, threads);
  const busy = new Array<boolean>(lanes).fill(false);
  const queue: { run: CandidateRun; resolve: (r: PredictResult[]) => void; reject: (e: Error) => void }[] =
    [];
  const pump = () => {
    for (let i = 0; i < lanes && queue.length; i++) {
      if (busy[i]) continue;
      const job = queue.shift()!;
      busy[i] = true;
      post<PredictResult[]>(i, { run: job.run })
        .then(job.resolve, job.reject)
        .finally(() => {
          busy[i] = false;
          pump();
        });
    }
  };
  return (run) =>
    new Promise((resolve, reject) => {
      queue.push({ run, resolve, reject });
      pump();
    });
}

/** Ends the warm worker threads; call it when done, or node keeps running for them. */
export async function closeWorkers(): Promise<void> {
  await Promise.all(pool.splice(0).map((w) => w.terminate()));
}
