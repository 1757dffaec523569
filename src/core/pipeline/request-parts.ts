/**
 * How one request is shared between workers. With two, one runs COD's stages and the other the baselines; the
 * default method goes where it balances the two: while the baselines are still to be computed (a new study or
 * target: cold, they cost the most), the first worker runs COD's share of the default after COD (finding COD's stages
 * cached) and the second the rest, finishing it with the first one's share; once they are cached, the second runs
 * the whole default beside COD. With one worker, everything runs there.
 */
import type { ComputeRequest } from './engine.ts';
import type { PredictResult } from '../study/types.ts';

/** Which of the default's candidates a worker runs when two share the default: COD, or every other candidate. */
export type DefaultShare = 'cod' | 'rest';

export type RequestPart = 'whole' | 'cod' | 'default-cod' | 'side' | 'side-default';

/** What a request asks about, whichever workers share it. */
export type RequestInputs = Pick<ComputeRequest, 'requestId' | 'target' | 'params' | 'benchmark'>;

const nothing = { benchmark: null, cod: false, baselines: false, default: false } as const;

/** The part of the request `inputs` that one worker runs. */
export function requestPart(inputs: RequestInputs, part: RequestPart): ComputeRequest {
  if (part === 'cod') return { ...inputs, baselines: false, default: false };
  if (part === 'default-cod') return { ...inputs, ...nothing, defaultShare: 'cod' };
  if (part === 'side') return { ...inputs, ...nothing, baselines: true, defaultShare: 'rest' };
  if (part === 'side-default') return { ...inputs, ...nothing, baselines: true, default: true };
  return { ...inputs, baselines: true, default: true };
}

/** The request finishing the default with COD's share (`defaultShare` of the 'default-cod' part's answer). */
export function finishingRequest(inputs: RequestInputs, codShare: PredictResult[][]): ComputeRequest {
  return { ...inputs, ...nothing, default: true, defaultGiven: { share: 'cod', results: codShare } };
}
