/**
 * The page's side of the compute worker: sends the study when it changed, runs requests with fresh ids so the
 * newest wins, and keeps the answer with the key of the inputs it answers, so nothing stale passes for current.
 * With a second worker, the baselines run there beside COD (two cores instead of one after the other).
 */
import type { Remote } from 'comlink';
import type { Study } from '../../core/study/study.ts';
import type { PredictParams, TargetSpec } from '../../core/study/types.ts';
import type { ComputeProgress, ComputeResponse } from '../../../workers/protocol.ts';
import { LatestRequest, proxy, type ComputeApi } from './workers.ts';

/** Everything a result depends on; `key` identifies it. */
export interface ComputeInput {
  key: string;
  study: Study;
  version: number;
  target: TargetSpec;
  params: PredictParams;
  benchmark: string | null;
}

export class ComputeClient {
  /** The newest finished answer, and the key of the inputs it answers. */
  result: ComputeResponse | null = $state.raw(null);
  resultKey = $state('');
  /** Progress of the request in flight; null when none. */
  progress: ComputeProgress | null = $state.raw(null);
  /** Why the request with `errorKey` failed (the worker threw) or stopped (cancelled). */
  error: string | null = $state(null);
  errorKey = $state('');
  private readonly requests = new LatestRequest();
  private sentVersion = -1;

  /** `baselines`: a second compute worker for the baselines; without it they run after COD in `api`. */
  constructor(
    private readonly api: Remote<ComputeApi>,
    private readonly baselines?: Remote<ComputeApi>,
  ) {}

  /** The worker itself, for the calls that are not runs (the example study, the default target). */
  get worker(): Remote<ComputeApi> {
    return this.api;
  }

  /** Runs a request; an older one still running is superseded and its answer dropped. */
  async run(input: ComputeInput): Promise<void> {
    const id = this.requests.next();
    this.progress = { requestId: id, done: 0, total: 1, label: 'starting' };
    // Progress comes over its own channel and may land after the answer: it must not revive a finished bar.
    let settled = false;
    try {
      const workers = this.baselines ? [this.api, this.baselines] : [this.api];
      if (this.sentVersion !== input.version) {
        await Promise.all(workers.map((w) => w.setStudy(input.study, input.version)));
        this.sentVersion = input.version;
      }
      const req = {
        requestId: id,
        target: { ...input.target },
        params: { ...input.params },
        benchmark: input.benchmark,
      };
      const [cod, side] = await Promise.all([
        this.api.run(
          { ...req, baselines: !this.baselines },
          proxy((p: ComputeProgress) => {
            if (!settled && this.requests.isCurrent(id)) this.progress = p;
          }),
        ),
        this.baselines?.run({ ...req, benchmark: null, baselines: true, cod: false }),
      ]);
      const res = side ? withBaselines(cod, side) : cod;
      settled = true;
      if (!this.requests.isCurrent(id)) return;
      if (res.status === 'done') {
        this.result = res;
        this.resultKey = input.key;
      } else {
        this.fail(input.key, `stopped (${res.status})`);
      }
      this.progress = null;
    } catch (e) {
      settled = true;
      if (!this.requests.isCurrent(id)) return;
      this.fail(input.key, (e as Error).message ?? String(e));
      this.progress = null;
    }
  }

  /** Stops the request in flight; its key is marked cancelled. */
  cancel(key: string): void {
    const id = this.requests.current;
    this.requests.next();
    void this.api.cancel(id);
    void this.baselines?.cancel(id);
    this.progress = null;
    this.fail(key, 'cancelled: change an input to compute again');
  }

  /** Forgets the result (a new study). */
  clear(): void {
    this.requests.next();
    this.result = null;
    this.resultKey = '';
    this.error = null;
    this.errorKey = '';
    this.progress = null;
  }

  private fail(key: string, message: string): void {
    this.error = message;
    this.errorKey = key;
  }
}

/** COD's answer with the baselines of the second worker's answer to the same request. */
function withBaselines(cod: ComputeResponse, side: ComputeResponse): ComputeResponse {
  return {
    ...cod,
    status: cod.status === 'done' ? side.status : cod.status,
    baselines: side.baselines,
    errors: [...cod.errors, ...side.errors],
    timings: {
      ...cod.timings,
      baselines: side.timings.baselines,
      total: Math.max(cod.timings.total, side.timings.total),
    },
  };
}
