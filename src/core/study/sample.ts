/** Seeded question samples of a benchmark, for self-backtests of large benchmarks. */
import { sampleIndices } from '../util/random.ts';
import type { Benchmark } from './study.ts';

/**
 * The benchmark restricted to `rows` of its questions drawn without replacement with `seed`, kept in their original
 * order (the benchmark itself when it has no more questions than that).
 */
export function sampleQuestions(b: Benchmark, rows: number, seed: number): Benchmark {
  const n = b.questions.length;
  if (n <= rows) return b;
  const pick = sampleIndices(n, rows, seed);
  const m = b.models.length;
  const scores = new Float64Array(rows * m);
  const trials = new Uint32Array(rows * m);
  pick.forEach((q, r) => {
    scores.set(b.scores.subarray(q * m, q * m + m), r * m);
    trials.set(b.trials.subarray(q * m, q * m + m), r * m);
  });
  return { ...b, questions: Array.from(pick, (q) => b.questions[q]), scores, trials };
}

/**
 * The standard error (points) of a column's mean pass rate over a sample of `rows` of the benchmark's questions drawn
 * without replacement: the column's standard deviation over its questions × √((1 − rows/N) / rows) × 100.
 */
export function sampleStandardError(b: Benchmark, column: number, rows: number): number {
  const m = b.models.length;
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let q = 0; q < b.questions.length; q++) {
    const v = b.scores[q * m + column];
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    sq += v * v;
  }
  if (n < 2 || rows >= n) return 0;
  const variance = Math.max(0, (sq - (sum * sum) / n) / (n - 1));
  return Math.sqrt((variance * (1 - rows / n)) / rows) * 100;
}
