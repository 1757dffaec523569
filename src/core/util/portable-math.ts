/**
 * Elementary functions whose results are the same bits in every JavaScript engine. V8's Math.tanh and Math.pow (and
 * so `**`) return different last bits in Node 20 and in current Chromium, which a trained network amplifies into
 * visible differences; Math.expm1, Math.exp and Math.log agree (fdlibm ports in both).
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
