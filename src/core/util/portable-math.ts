/**
 * Elementary functions with fewer engine-dependent last bits. V8's Math.tanh returns other last bits in Node 20 than
 * in Chromium (4 in 20,000 random arguments); so, in Chromium 156.0.8078.114, do Math.exp, log, pow and cos (3–10%)
 * and Math.expm1 (3 in 20,000). A network trained on them must not amplify such bits (see trainMlp).
 */

/**
 * tanh(x) by fdlibm's algorithm on Math.expm1 (so the same bits as Node 20's Math.tanh): ±1 beyond |x| = 22, x
 * itself below 2⁻²⁸.
 */
export function portableTanh(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= 2 ** -28)) return x; // also NaN and ±0
  if (ax >= 22) return x > 0 ? 1 : -1;
  let z: number;
  if (ax >= 1) z = 1 - 2 / (Math.expm1(2 * ax) + 2);
  else {
    const t = Math.expm1(-2 * ax);
    z = -t / (t + 2);
  }
  return x > 0 ? z : -z;
}
