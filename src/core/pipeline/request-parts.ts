/**
 * How one request is shared between workers. With two, one runs COD's stages, then COD's share of the default
 * method (whose COD run finds those stages cached); the other the baselines and the rest of the default, and then
 * finishes the default with the first one's share. Both cores work, and COD's sections need not wait for the rest.
 * With one worker, everything runs there.
 */
import type { ComputeRequest } from './engine.ts';
import type { PredictResult } from '../study/types.ts';

/** Which of the default's candidates a worker runs when two share the default: COD, or every other candidate. */
export type DefaultShare = 'cod' | 'rest';

export type RequestPart = 'whole' | 'cod' | 'default-cod' | 'side';

/** What a request asks about, whichever workers share it. */
export type RequestInputs = Pick<ComputeRequest, 'requestId' | 'target' | 'params' | 'benchmark'>;

const nothing = { benchmark: null, cod: false, baselines: false, default: false } as const;

/** The part of the request `inputs` that one worker runs. */
export function requestPart(inputs: RequestInputs, part: RequestPart): ComputeRequest {
  if (part === 'cod') return { ...inputs, baselines: false, default: false };
  if (part === 'default-cod') return { ...inputs, ...nothing, defaultShare: 'cod' };
  if (part === 'side') return { ...inputs, ...nothing, baselines: true, defaultShare: 'rest' };
  return { ...inputs, baselines: true, default: true };
}

/** The request finishing the default with COD's share (`defaultShare` of the 'default-cod' part's answer). */
export function finishingRequest(inputs: RequestInputs, codShare: PredictResult[][]): ComputeRequest {
  return { ...inputs, ...nothing, default: true, defaultGiven: { share: 'cod', results: codShare } };
}
