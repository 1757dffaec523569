/**
 * MeanShift at scale. Exact scikit-learn MeanShift seeds every distinct point, and each step sums over a large share of
 * the points, so its cost grows with the square of the distinct difficulty vectors: minutes at 100,000 questions.
 * Above EXACT_SEEDING_LIMIT distinct vectors, `seeding: auto` switches to scikit-learn's own options for large data:
 * grid seeds (`bin_seeding`) and estimate_bandwidth on a seeded sample of rows (`n_samples`).
 */
import { distinctRows, estimateBandwidth, subsetPoints, type Points } from '../cluster/index.ts';
import type { MeanShiftSeeding } from '../study/types.ts';
import { sampleIndices } from '../util/random.ts';

/** Distinct difficulty vectors up to which `seeding: auto` seeds every point. */
export const EXACT_SEEDING_LIMIT = 20_000;
/** Rows of the seeded sample estimate_bandwidth reads under grid seeds (scikit-learn's `n_samples`). */
export const BANDWIDTH_SAMPLE_ROWS = 10_000;

/**
 * Questions of the seeded sample on which the default method's self-backtests run COD for a benchmark clustered on
 * grid seeds (`selfBacktestSampled`); the benchmark's own prediction still reads every question.
 */
export const SELF_BACKTEST_SAMPLE_ROWS = 10_000;

const distinctCounts = new WeakMap<Points, number>();

function distinctCount(X: Points): number {
  let n = distinctCounts.get(X);
  if (n === undefined) distinctCounts.set(X, (n = distinctRows(X).points.n));
  return n;
}

/** True when MeanShift runs on grid seeds: always for 'grid', never for 'points', above the limit for 'auto'. */
export function usesGridSeeds(X: Points, seeding: MeanShiftSeeding): boolean {
  if (seeding !== 'auto') return seeding === 'grid';
  return X.n > EXACT_SEEDING_LIMIT && distinctCount(X) > EXACT_SEEDING_LIMIT;
}

/**
 * True when the self-backtests run COD on a sample of `rows` of the benchmark's `questions` questions: the
 * benchmark's difficulty vectors X (on the whole ladder) are clustered on grid seeds and it has more questions.
 */
export function selfBacktestSampled(
  X: Points,
  questions: number,
  seeding: MeanShiftSeeding,
  rows = SELF_BACKTEST_SAMPLE_ROWS,
): boolean {
  return questions > rows && usesGridSeeds(X, seeding);
}

/** The seed of the rows estimate_bandwidth samples, or null when it reads every row. */
export function bandwidthSampleSeed(X: Points, seeding: MeanShiftSeeding, seed: number): number | null {
  return usesGridSeeds(X, seeding) && X.n > BANDWIDTH_SAMPLE_ROWS ? seed : null;
}

/**
 * estimate_bandwidth(X, quantile) (same units as X) on every row, or on BANDWIDTH_SAMPLE_ROWS rows drawn without
 * replacement with `sampleSeed` (kept in their original order) when it is not null.
 */
export function sampledBandwidthEstimate(X: Points, quantile: number, sampleSeed: number | null): number {
  if (sampleSeed === null || X.n <= BANDWIDTH_SAMPLE_ROWS) return estimateBandwidth(X, quantile);
  return estimateBandwidth(subsetPoints(X, sampleIndices(X.n, BANDWIDTH_SAMPLE_ROWS, sampleSeed)), quantile);
}

/** estimate_bandwidth at the parameters' quantile, on the rows their seeding reads (see bandwidthSampleSeed). */
export function seededBandwidthEstimate(
  X: Points,
  params: { quantile: number; seeding: MeanShiftSeeding; seed: number },
): number {
  return sampledBandwidthEstimate(X, params.quantile, bandwidthSampleSeed(X, params.seeding, params.seed));
}

/** A warning for a benchmark clustered on grid seeds, or null. */
export function seedingWarning(X: Points, seeding: MeanShiftSeeding): string | null {
  if (!usesGridSeeds(X, seeding)) return null;
  const why =
    seeding === 'grid'
      ? 'seeding=grid'
      : `${distinctCount(X).toLocaleString('en-US')} distinct difficulty vectors exceed ${EXACT_SEEDING_LIMIT.toLocaleString('en-US')}`;
  return `MeanShift ran on grid seeds (bin_seeding)${X.n > BANDWIDTH_SAMPLE_ROWS ? ` with the bandwidth estimated on ${BANDWIDTH_SAMPLE_ROWS.toLocaleString('en-US')} sampled rows` : ''}: ${why}; set seeding=points for every-point seeds (slow at this size)`;
}
