/**
 * Predictability gating: whether a ladder can support a confident extrapolation on one benchmark (flat, non-monotone,
 * noisy or too-far ladders cannot). Scores in [0,1], compute in FLOPs.
 */
import { findBenchmark, fullSetScore, type Study } from '../study/study.ts';
import { ladderModels } from './evidence.ts';

/** Extrapolation beyond this many times the largest ladder model's compute is flagged and widened. */
export const FAR = 100;

const finite = (x: number) => Number.isFinite(x);

/** The ladder's full-set scores on one benchmark, by increasing compute, with the questions behind them. */
export function ladderScores(
  study: Study,
  bench: string,
): { y: number[]; questions: number; flops: number[] } {
  const b = findBenchmark(study, bench);
  if (!b) return { y: [], questions: 0, flops: [] };
  const ladder = ladderModels(study).filter((l) => b.models.includes(l.name));
  const y = ladder.map((l) => fullSetScore(study, b, l.name));
  const ok = y.map((v, i) => (finite(v) ? i : -1)).filter((i) => i >= 0);
  return { y: ok.map((i) => y[i]), flops: ok.map((i) => ladder[i].flops), questions: b.questions.length };
}

/** Sampling noise of one ladder score p (binomial over the questions); a metric-only benchmark assumes 500 questions. */
function scoreNoise(score: number, questions: number): number {
  const p = Math.min(0.99, Math.max(0.01, score));
  return Math.sqrt((p * (1 - p)) / Math.max(questions, 500));
}

/**
 * The lowest score of a model with more compute than the whole ladder that does not contradict it (scaling does not
 * lower a score): the ladder's best score less twice its sampling noise, at least one point less, as the gate counts
 * a drop; −Infinity without a ladder score. Scores in [0,1].
 */
export function lowestConsistentScore(y: number[], questions: number): number {
  if (!y.length) return -Infinity;
  const best = Math.max(...y);
  return best - Math.max(0.01, 2 * scoreNoise(best, questions));
}

/**
 * Why the ladder cannot support a confident extrapolation on this benchmark (flat, non-monotone, noisy, too far),
 * as sentences; empty when it can.
 */
export function predictabilityGate(
  y: number[],
  flops: number[],
  questions: number,
  targetFlops: number,
): string[] {
  const out: string[] = [];
  const n = y.length;
  if (n < 2) return ['fewer than two ladder scores'];
  const noise = scoreNoise(y[n - 1], questions);
  const growth = y[n - 1] - y[0];
  if (growth < Math.max(0.02, 3 * noise))
    out.push(
      `the ladder is flat (${(growth * 100).toFixed(1)} points from the smallest to the largest model): no growth to extrapolate`,
    );
  let drops = 0;
  for (let i = 1; i < n; i++) if (y[i] < y[i - 1] - Math.max(0.01, 2 * noise)) drops++;
  if (drops > 0 && drops >= (n - 1) / 3)
    out.push(`the ladder is not monotone: ${drops} of ${n - 1} steps go down by more than their noise`);
  const distance = targetFlops / flops[n - 1];
  if (distance > FAR)
    out.push(`the target is ${distance.toFixed(0)}× beyond the largest ladder model (more than ${FAR}×)`);
  return out;
}
