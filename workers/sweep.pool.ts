/**
 * The sweep pool: hardware concurrency − 1 workers (at least one) that share nothing but the study, sent to each
 * worker once per study version. Jobs come in groups that share a pipeline stage (the points of one clustering);
 * an idle worker takes the next whole group, so a shared stage is computed once, and every result is handed on as
 * soon as it is done.
 */
import { wrap, type Remote } from 'comlink';
import type { Study } from '../src/core/study/study.ts';
import type { SweepApi } from './sweep.worker.ts';

export type { SweepApi };

type Async<F> = F extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never;

/** What the pool needs of a worker: the Comlink remote of sweep.worker.ts, or a stand-in in tests. */
export type SweepWorker = {
  [K in 'setStudy' | 'runPoint' | 'bandwidth' | 'ablation']: Async<SweepApi[K]>;
};

/** Cancels a pool run: no worker takes a new job, and results still arriving are dropped. */
export interface CancelToken {
  cancelled: boolean;
}

/** Workers a pool of this machine gets: hardware concurrency − 1, at least 1. */
export function poolSize(hardwareConcurrency: number | undefined): number {
  return Math.max(1, (hardwareConcurrency || 1) - 1);
}

export function sweepWorker(): SweepWorker {
  const worker = new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module', name: 'sweep' });
  const remote: Remote<SweepApi> = wrap<SweepApi>(worker);
  return remote;
}

export class SweepPool {
  private readonly workers: { api: SweepWorker; version: number }[] = [];
  /** How many times a study was sent to a worker (once per worker and study version). */
  studySends = 0;

  constructor(
    readonly size: number,
    private readonly make: () => SweepWorker = sweepWorker,
  ) {}

  /** Starts the workers if needed and sends the study to those that do not hold this version yet. */
  private async ready(study: Study, version: number): Promise<SweepWorker[]> {
    while (this.workers.length < this.size) this.workers.push({ api: this.make(), version: -1 });
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.version === version) return;
        w.version = version;
        this.studySends++;
        await w.api.setStudy(study, version);
      }),
    );
    return this.workers.map((w) => w.api);
  }

  /**
   * Runs the groups of jobs over the workers: each idle worker takes the next group and runs its jobs in order;
   * `onResult` gets each result when it arrives, with the job's group and index. Rejects with the first error.
   */
  async run<J, R>(
    study: Study,
    version: number,
    groups: J[][],
    job: (worker: SweepWorker, j: J) => Promise<R>,
    onResult: (result: R, j: J) => void,
    token: CancelToken = { cancelled: false },
  ): Promise<void> {
    const workers = await this.ready(study, version);
    let next = 0;
    const lane = async (w: SweepWorker) => {
      while (!token.cancelled && next < groups.length) {
        const group = groups[next++];
        for (const j of group) {
          if (token.cancelled) return;
          const r = await job(w, j);
          if (!token.cancelled) onResult(r, j);
        }
      }
    };
    await Promise.all(workers.map(lane));
  }
}
