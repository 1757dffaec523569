/**
 * The built-in example's answer computed at build time (scripts/example-answer.ts through vite.config.ts, fetched by
 * main.ts beside the page's code): shown at once for the example's first inputs, then checked against the answer
 * the page's workers compute for them, which takes its place.
 */
import {
  answersInputs,
  decodeAnswer,
  type ExampleAnswer,
  type ScoreChange,
} from '../../core/pipeline/answers.ts';
import type { ComputeResponse } from '../../../workers/protocol.ts';
import type { AnswerCheck, ComputeClient, ComputeInput } from './compute-client.svelte.ts';

export async function decodeExampleAnswer(text: Promise<string | null>): Promise<ExampleAnswer | null> {
  const t = await text;
  return t ? decodeAnswer<ExampleAnswer>(t) : null;
}

/** Runs `task` when the page is idle after its next render (the sections mount first, the workers compute after). */
export function whenIdle(task: () => void): void {
  requestAnimationFrame(() => {
    if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 1000 });
    else setTimeout(task, 0);
  });
}

export class ShippedAnswer {
  /** The request key of the inputs the shipped answer answers ('' before one is shown). */
  key = $state('');
  /** What the workers' own answer to them showed: 'pending' until it is in. */
  check: AnswerCheck['check'] | 'pending' = $state('pending');
  /** With 'different': where the predictions moved most. */
  change: ScoreChange | null = $state.raw(null);
  /** With 'different': the first place the two answers disagree. */
  differsAt: string | null = $state(null);
  private response: ComputeResponse | null = $state.raw(null);

  /**
   * Shows `answer` at once when it answers `input`, and has the workers compute the same inputs once the page is
   * idle (`later`), which checks it and warms their caches. False when it answers other inputs.
   */
  show(
    compute: ComputeClient,
    input: ComputeInput,
    answer: ExampleAnswer,
    later: (task: () => void) => void,
  ): boolean {
    if (!answersInputs(answer, input)) return false;
    compute.adopt(input, answer.response);
    this.key = input.key;
    this.response = answer.response;
    this.check = 'pending';
    this.change = null;
    this.differsAt = null;
    later(() => {
      void compute.confirm(input, answer.response).then(({ check, change, at }) => {
        if (this.key !== input.key) return;
        this.check = check;
        this.change = change ?? null;
        this.differsAt = at ?? null;
        if (check === 'same' || check === 'different') this.response = compute.result;
      });
    });
    return true;
  }

  /** True while `result`, on screen for `requestKey`, is the shipped answer or the workers' own that checked it. */
  shows(requestKey: string, result: ComputeResponse | null): boolean {
    return this.key === requestKey && result !== null && result === this.response;
  }
}
