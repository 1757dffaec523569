/** A small seeded PRNG (mulberry32) with the draws the project needs; deterministic across node, workers and the page. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Binomial(n, p) draw. */
  binomial(n: number, p: number): number;
}

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    let u = 0;
    while (u === 0) u = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const binomial = (n: number, p: number) => {
    if (p <= 0) return 0;
    if (p >= 1) return n;
    if (n > 500) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal())));
    let k = 0;
    for (let i = 0; i < n; i++) if (next() < p) k++;
    return k;
  };
  return { next, int: (n) => Math.floor(next() * n), normal, binomial };
}

/**
 * `k` of the indices 0…n−1 drawn without replacement with `seed` (a partial Fisher–Yates shuffle), in increasing
 * order; all n indices when k ≥ n.
 */
export function sampleIndices(n: number, k: number, seed: number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  if (k >= n) return idx;
  const rng = createRandom(seed);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.subarray(0, k).sort();
}
