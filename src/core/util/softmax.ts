/**
 * The probability of choice `index` under a softmax over log-likelihoods (natural log), computed stably: the
 * largest log-likelihood is subtracted before exponentiating, so no term overflows and the largest term is 1.
 * The log-likelihoods must be finite; the result is in (0, 1].
 */
export function softmaxAt(logLiks: ArrayLike<number>, index: number): number {
  let max = -Infinity;
  for (let i = 0; i < logLiks.length; i++) if (logLiks[i] > max) max = logLiks[i];
  let sum = 0;
  for (let i = 0; i < logLiks.length; i++) sum += Math.exp(logLiks[i] - max);
  return Math.exp(logLiks[index] - max) / sum;
}

/** Index of the largest value, the first one on ties (as numpy's argmax, which lm-eval's `acc` uses). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
