/**
 * Hard clustering sets built like real pass rates, for the clustering and CLI benchmarks: `noisyPassRates` are
 * 100-sample pass rates whose per-question curves carry their own noise (so few points share a trajectory), and
 * `greedy01` are greedy 0/1 results (one trial per model), where most points are exact duplicates.
 */
import { createRandom } from '../src/core/util/random.ts';

/** log10 of 8 ladder computes (1e18-FLOP units), smallest first. */
const LOG_C = [39.9, 120.8, 307.8, 688.8, 1386, 4553, 50544, 141444].map(Math.log10);

/** The probability of question i on each model: a sigmoid in log compute with a per-question midpoint, slope, floor. */
function curve(rng: ReturnType<typeof createRandom>, d: number): number[] {
  const mid = 1 + 4 * rng.next();
  const scale = 0.15 + 0.6 * rng.next();
  const floor = rng.next() < 0.3 ? 0.25 * rng.next() : 0;
  const ceil = 0.6 + 0.4 * rng.next();
  return LOG_C.slice(0, d).map((x) => floor + (ceil - floor) / (1 + Math.exp(-(x - mid) / scale)));
}

/**
 * n questions × d models: each score is a mean of `samples` Bernoulli draws whose probability is the question's
 * curve plus per-question, per-model noise (sd 0.08), clipped to [0,1]. Scores in [0,1].
 */
export function noisyPassRates(n: number, seed: number, d = 8, samples = 100): number[][] {
  const rng = createRandom(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const p = curve(rng, d);
    rows.push(
      p.map((v) => rng.binomial(samples, Math.min(1, Math.max(0, v + 0.08 * rng.normal()))) / samples),
    );
  }
  return rows;
}

/** n questions × d models of greedy 0/1 results drawn from the same curves: many exact duplicate rows. */
export function greedy01(n: number, seed: number, d = 8): number[][] {
  const rng = createRandom(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(curve(rng, d).map((v) => (rng.next() < v ? 1 : 0)));
  return rows;
}
