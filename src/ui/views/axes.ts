/** Score axes fitted to the data shown, or the whole 0–1 range on request. Scores in [0,1]. */

/**
 * A y domain for scores: [0, 1] when `full`, else the range of the finite values with 8% headroom, widened to at
 * least 0.05 and clamped to [0, 1] (Pythia's 0–0.2 scores then fill the plot instead of its bottom fifth).
 */
export function scoreDomain(values: Iterable<number>, full: boolean): [number, number] {
  if (full) return [0, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  const pad = Math.max(0.05, hi - lo) * 0.08;
  let a = Math.max(0, lo - pad);
  let b = Math.min(1, hi + pad);
  if (b - a < 0.05) {
    const mid = (a + b) / 2;
    a = Math.max(0, mid - 0.025);
    b = Math.min(1, a + 0.05);
  }
  return [a, b];
}
