import { createRandom, type Random } from '../util/random.ts';
import { assembleStudy, sigmoid, type TruePassRates } from './assemble.ts';
import type { SimulatedStudy } from './simulate.ts';

/**
 * A generator that does not share COD's law: every question follows its own logistic curve in log10-compute,
 * p = g + (ceil − g)·σ(s·(log10 C − x50) + ε), with its own threshold x50, slope s (per decade), ceiling and the
 * benchmark's guess floor g; ε is per-(question, model) noise in logit space. Thresholds come from difficulty groups
 * (saturated below the ladder, inside it, emerging between the ladder and the target, beyond the target) whose
 * shares vary per benchmark; a share of questions is non-monotone (inverse scaling or rise-then-fall).
 */
export interface LogisticBenchSpec {
  name: string;
  questions: number;
  /** Guess floor: 0 for open answers, 0.25 for four options. */
  guess: number;
}

export interface LogisticOptions {
  seed: number;
  ladderFlops: number[];
  targetFlops: number;
  trials: number;
  benchmarks: LogisticBenchSpec[];
  /** Share of non-monotone questions, in [0,1]. */
  nonMonotone: number;
  /** Standard deviation of the per-(question, model) logit noise. */
  noise: number;
  targetName?: string;
}

/** Difficulty groups by where a question's threshold lies: below the ladder, inside it, up to the target, beyond it. */
export const LOGISTIC_GROUPS = ['saturated', 'ladder', 'emerging', 'beyond'] as const;

function thresholdOf(rng: Random, group: number, lo: number, hi: number, t: number): number {
  const u = (a: number, b: number) => a + (b - a) * rng.next();
  switch (LOGISTIC_GROUPS[group]) {
    case 'saturated':
      return u(lo - 2.5, lo);
    case 'ladder':
      return u(lo, hi);
    case 'emerging':
      return u(hi, t);
    case 'beyond':
      return u(t, t + 2);
  }
}

/** A benchmark's unnormalized share of each of LOGISTIC_GROUPS (the generator's hyperprior: 0.2 + U(0,1) each). */
export function drawGroupShares(rng: Random): number[] {
  return LOGISTIC_GROUPS.map(() => 0.2 + rng.next());
}

/**
 * One question of difficulty group `group` (an index of LOGISTIC_GROUPS): its exact pass rate on every model of
 * log10-compute `logC` (ladder models, the target last), written to `out` from `offset`.
 */
export function drawLogisticQuestion(
  rng: Random,
  group: number,
  logC: readonly number[],
  o: Pick<LogisticOptions, 'nonMonotone' | 'noise'>,
  guess: number,
  out: Float64Array,
  offset = 0,
): void {
  const nm = logC.length;
  const lo = logC[0];
  const t = logC[nm - 1];
  const x50 = thresholdOf(rng, group, lo, logC[nm - 2], t);
  const slope = 0.8 + 3.2 * rng.next();
  const ceil = rng.next() < 0.6 ? 1 : 0.5 + 0.5 * rng.next();
  const kind = rng.next() < o.nonMonotone ? (rng.next() < 0.5 ? 'falls' : 'bump') : 'rises';
  const peak = lo + (t - lo) * rng.next();
  for (let m = 0; m < nm; m++) {
    const x = logC[m];
    const eps = o.noise * rng.normal();
    let z: number;
    if (kind === 'rises') z = slope * (x - x50);
    else if (kind === 'falls') z = -slope * (x - x50);
    else z = 2 - slope * Math.abs(x - peak) * 1.5;
    out[offset + m] = guess + (ceil - guess) * sigmoid(z + eps);
  }
}

/** One benchmark's exact pass rates, with the shares of LOGISTIC_GROUPS it was drawn with (summing to 1). */
export interface LogisticRates extends TruePassRates {
  shares: number[];
}

function benchmarkRates(
  rng: Random,
  spec: LogisticBenchSpec,
  logC: number[],
  o: LogisticOptions,
): LogisticRates {
  const nm = logC.length;
  const shares = drawGroupShares(rng);
  const total = shares.reduce((a, b) => a + b, 0);
  const p = new Float64Array(spec.questions * nm);
  for (let q = 0; q < spec.questions; q++) {
    let r = rng.next() * total;
    let g = 0;
    while (g < LOGISTIC_GROUPS.length - 1 && (r -= shares[g]) > 0) g++;
    drawLogisticQuestion(rng, g, logC, o, spec.guess, p, q * nm);
  }
  return { name: spec.name, questions: spec.questions, p, shares: shares.map((v) => v / total) };
}

/** The logistic generator's exact pass rates, ladder models then the target (drawn from `rng`). */
export function logisticPassRates(o: LogisticOptions, rng: Random = createRandom(o.seed)): LogisticRates[] {
  const logC = [...o.ladderFlops, o.targetFlops].map(Math.log10);
  return o.benchmarks.map((b) => benchmarkRates(rng, b, logC, o));
}

/** A study from the per-question logistic generator, with the target's exact expected scores as truth. */
export function simulateLogistic(o: LogisticOptions): SimulatedStudy {
  const rng = createRandom(o.seed);
  const benches = logisticPassRates(o, rng);
  return assembleStudy(rng, 'logi', o, benches);
}
