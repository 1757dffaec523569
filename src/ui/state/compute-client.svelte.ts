/**
 * The page's side of the compute worker: sends the study when it changed, runs requests with fresh ids so the
 * newest wins, and keeps the answer with the key of the inputs it answers, so nothing stale passes for current.
 * With a second worker, the baselines run there beside COD (two cores instead of one after the other), and COD's
 * part of the answer is published under the same key as soon as it is there (`codResult`), for the sections that
 * need nothing else.
 */
import type { Remote } from 'comlink';
import type { Study } from '../../core/study/study.ts';
import type { PredictParams, TargetSpec } from '../../core/study/types.ts';
import type { ComputeProgress, ComputeResponse } from '../../../workers/protocol.ts';
import {
  answerDifference,
  largestScoreChange,
  mergeAnswers,
  type ScoreChange,
} from '../../core/pipeline/answers.ts';
import { LatestRequest, proxy, type ComputeApi } from './workers.ts';

/** What the workers' own answer to an adopted answer's inputs showed (see ComputeClient.confirm). */
export interface AnswerCheck {
  check: 'same' | 'different' | 'superseded' | 'failed';
  /** With 'different': where the predictions moved most (null when the methods or benchmarks differ). */
  change?: ScoreChange | null;
  /** With 'different': the first place the answers disagree (see answerDifference). */
  at?: string;
}

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
  /**
   * COD's part of the answer to `codKey` (its `baselines` empty), published before the baselines' part arrives and
   * kept after, so what shows COD's answer does not see it change when the rest arrives.
   */
  codResult: ComputeResponse | null = $state.raw(null);
  codKey = $state('');
  /** Progress of the request in flight; null when none. */
  progress: ComputeProgress | null = $state.raw(null);
  /** Why the request with `errorKey` failed (the worker threw) or stopped (cancelled). */
  error: string | null = $state(null);
  errorKey = $state('');
  private readonly requests = new LatestRequest();
  private sentVersion = -1;
  /** The request in flight and the key it answers, so asking again for the same inputs does not restart it. */
  private inFlight: { key: string; done: Promise<void> } | null = null;

  /** `baselines`: a second compute worker for the baselines; without it they run after COD in `api`. */
  constructor(
    private readonly api: Remote<ComputeApi>,
    private readonly baselines?: Remote<ComputeApi>,
  ) {}

  /** The worker itself, for the calls that are not runs (the example study, the default target). */
  get worker(): Remote<ComputeApi> {
    return this.api;
  }

  /** Has every worker use the built-in example as the study `version` (each makes its own: nothing to send). */
  useExample(version: number): void {
    this.sentVersion = version;
    for (const w of this.workers) {
      w.useExample(version).catch(() => {
        if (this.sentVersion === version) this.sentVersion = -1;
      });
    }
  }

  /**
   * Runs a request; an older one still running is superseded and its answer dropped. Asking for the inputs of the
   * request in flight waits for it instead of starting over; asking for the inputs already answered (an input changed
   * and changed back) stops the request in flight, whose answer would otherwise replace the one wanted.
   */
  run(input: ComputeInput): Promise<void> {
    if (this.inFlight?.key === input.key) return this.inFlight.done;
    if (this.resultKey === input.key) {
      if (this.inFlight) this.stopCurrent();
      return Promise.resolve();
    }
    const flight = { key: input.key, done: this.start(input) };
    this.inFlight = flight;
    void flight.done.finally(() => {
      if (this.inFlight === flight) this.inFlight = null;
    });
    return flight.done;
  }

  private get workers(): Remote<ComputeApi>[] {
    return this.baselines ? [this.api, this.baselines] : [this.api];
  }

  private async start(input: ComputeInput): Promise<void> {
    const id = this.requests.next();
    this.progress = { requestId: id, done: 0, total: 1, label: 'starting' };
    // Progress comes over its own channel and may land after the answer: it must not revive a finished bar.
    let settled = false;
    try {
      const res = await this.ask(
        input,
        id,
        (p) => {
          if (!settled && this.requests.isCurrent(id)) this.progress = p;
        },
        (cod) => {
          if (this.baselines && !settled && cod.status === 'done' && this.requests.isCurrent(id)) {
            this.codResult = cod;
            this.codKey = input.key;
          }
        },
      );
      settled = true;
      if (!this.requests.isCurrent(id)) return;
      if (res.status === 'done') {
        this.result = res;
        this.resultKey = input.key;
      } else {
        this.fail(input.key, `stopped (${res.status})`);
        this.codResult = null;
        this.codKey = '';
      }
      this.progress = null;
    } catch (e) {
      settled = true;
      if (!this.requests.isCurrent(id)) return;
      this.fail(input.key, (e as Error).message ?? String(e));
      this.codResult = null;
      this.codKey = '';
      this.progress = null;
    }
  }

  /**
   * Sends the study when it changed and runs request `id` on the workers (COD on the first, the baselines and the
   * default beside it on the second), merging their answers; `onCod` sees COD's part as soon as it is there.
   */
  private async ask(
    input: ComputeInput,
    id: number,
    onProgress?: (p: ComputeProgress) => void,
    onCod?: (cod: ComputeResponse) => void,
  ): Promise<ComputeResponse> {
    // Each worker takes its messages in order: the runs need not wait for the study's acknowledgement.
    let sent: Promise<unknown> = Promise.resolve();
    if (this.sentVersion !== input.version) {
      this.sentVersion = input.version;
      sent = Promise.all(this.workers.map((w) => w.setStudy(input.study, input.version))).catch((e) => {
        this.sentVersion = -1;
        throw e;
      });
    }
    const req = {
      requestId: id,
      target: { ...input.target },
      params: { ...input.params },
      benchmark: input.benchmark,
    };
    const codPart = this.api
      .run({ ...req, baselines: !this.baselines, default: !this.baselines }, onProgress && proxy(onProgress))
      .then((cod) => {
        onCod?.(cod);
        return cod;
      });
    const [, cod, side] = await Promise.all([
      sent,
      codPart,
      this.baselines?.run({ ...req, benchmark: null, baselines: true, cod: false, default: true }),
    ]);
    return side ? mergeAnswers(cod, side) : cod;
  }

  /**
   * Shows `answer` as the answer to the inputs of `input.key` (the built-in example's, computed ahead when the page
   * was built), without asking the workers.
   */
  adopt(input: ComputeInput, answer: ComputeResponse): void {
    this.result = answer;
    this.resultKey = input.key;
    this.codResult = answer;
    this.codKey = input.key;
  }

  /**
   * Has the workers compute the inputs of an adopted answer, quietly (no progress, no error on screen): it fills
   * their caches for the next change, checks the answer and takes its place ('same' when every number agrees within
   * ANSWER_TOLERANCE, else 'different' with the largest move). 'superseded' when a newer request came first.
   */
  async confirm(input: ComputeInput, answer: ComputeResponse): Promise<AnswerCheck> {
    if (this.inFlight || this.resultKey !== input.key) return { check: 'superseded' };
    const id = this.requests.next();
    try {
      const res = await this.ask(input, id);
      if (!this.requests.isCurrent(id) || res.status !== 'done') return { check: 'superseded' };
      // Shown either way, so what the page computes next (a sweep at this very setting) matches it to the bit.
      if (this.resultKey === input.key) {
        this.result = res;
        this.codResult = res;
      }
      const at = answerDifference(answer, res);
      if (at === null) return { check: 'same' };
      return { check: 'different', change: largestScoreChange(answer, res), at };
    } catch {
      return { check: this.requests.isCurrent(id) ? 'failed' : 'superseded' };
    }
  }

  /** Stops the request in flight; its key is marked cancelled. */
  cancel(key: string): void {
    this.stopCurrent();
    this.fail(key, 'cancelled: change an input to compute again');
  }

  /** Supersedes the newest request, so its answer is dropped, and has the workers stop it. */
  private stopCurrent(): void {
    const id = this.requests.current;
    this.requests.next();
    this.inFlight = null;
    for (const w of this.workers) void w.cancel(id);
    this.progress = null;
  }

  /** Forgets the result (a new study). */
  clear(): void {
    this.requests.next();
    this.inFlight = null;
    this.result = null;
    this.resultKey = '';
    this.codResult = null;
    this.codKey = '';
    this.error = null;
    this.errorKey = '';
    this.progress = null;
  }

  private fail(key: string, message: string): void {
    this.error = message;
    this.errorKey = key;
  }
}
