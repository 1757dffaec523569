import { createRandom, type Random } from '../util/random.ts';
import { assembleStudy, sigmoid, type TruePassRates } from './assemble.ts';
import type { SimulatedStudy } from './simulate.ts';

/**
 * An item-response generator: a model's ability θ grows with log10-compute (linearly, or bending to diminishing
 * returns) plus a per-model offset; each question has its own difficulty d and discrimination a (negative for a
 * share of non-monotone questions) and the benchmark's guess floor g: p = g + (1 − g − slip)·σ(a·(θ − d)).
 */
export interface IrtBenchSpec {
  name: string;
  questions: number;
  guess: number;
}

export interface IrtOptions {
  seed: number;
  ladderFlops: number[];
  targetFlops: number;
  trials: number;
  benchmarks: IrtBenchSpec[];
  /** Share of questions with negative discrimination. */
  nonMonotone: number;
  /** Ability gained per decade of compute. */
  abilityPerDecade: number;
  /** Curvature of ability in log-compute (≤ 0: diminishing returns), per decade². */
  curvature: number;
  /** Standard deviation of the per-model ability offset. */
  modelNoise: number;
  targetName?: string;
}

/**
 * The abilities of the ladder models then the target (drawn from `rng`): `trend` on the curve in log-compute, `theta`
 * with each model's own offset.
 */
function irtAbilities(o: IrtOptions, rng: Random): { theta: number[]; trend: number[] } {
  const logC = [...o.ladderFlops, o.targetFlops].map(Math.log10);
  const trend = logC.map((x) => {
    const dx = x - logC[0];
    return o.abilityPerDecade * dx + o.curvature * dx * dx;
  });
  return { theta: trend.map((t) => t + o.modelNoise * rng.normal()), trend };
}

/** One benchmark's exact pass rates, with the population its questions' difficulties were drawn from. */
export interface ItemRates extends TruePassRates {
  /** Difficulties are centre + spread·N(0,1), in ability units. */
  centre: number;
  spread: number;
}

/** Everything the IRT generator draws for a study: abilities (ladder models then the target) and pass rates. */
export interface IrtDraw {
  theta: number[];
  trend: number[];
  rates: ItemRates[];
}

/**
 * The IRT generator's draws for study `o` (from `rng`); `targetOnTrend` puts the target's ability on the curve
 * without its own offset (the same questions, drawn from the same `rng`).
 */
export function irtDraw(o: IrtOptions, rng: Random = createRandom(o.seed), targetOnTrend = false): IrtDraw {
  const { theta, trend } = irtAbilities(o, rng);
  const lo = theta[0];
  const span = theta[theta.length - 1] - theta[0];
  if (targetOnTrend) theta[theta.length - 1] = trend[trend.length - 1];
  return { theta, trend, rates: itemPassRates(theta, lo, span, o.benchmarks, o.nonMonotone, rng) };
}

/** The IRT generator's exact pass rates, ladder models then the target (see `irtDraw`). */
export function irtPassRates(
  o: IrtOptions,
  rng: Random = createRandom(o.seed),
  targetOnTrend = false,
): TruePassRates[] {
  return irtDraw(o, rng, targetOnTrend).rates;
}

/** One question of a benchmark whose difficulties are centre + spread·N(0,1): its difficulty, discrimination, slip. */
export interface Item {
  d: number;
  a: number;
  slip: number;
}

/**
 * Draws one question: discrimination log-normal, a `nonMonotone` share negated and halved, a slip on 30% of the
 * questions.
 */
export function drawItem(rng: Random, centre: number, spread: number, nonMonotone: number): Item {
  const d = centre + spread * rng.normal();
  let a = Math.exp(0.4 * rng.normal()) * (0.8 + 0.8 * rng.next());
  if (rng.next() < nonMonotone) a = -a * 0.5;
  const slip = rng.next() < 0.7 ? 0 : 0.3 * rng.next();
  return { d, a, slip };
}

/** A question's exact pass rate at ability θ with guess floor `guess`, in [0,1]. */
export const itemPassRate = (item: Item, theta: number, guess: number): number =>
  guess + (1 - guess - item.slip) * sigmoid(item.a * (theta - item.d));

/**
 * Exact pass rates of every benchmark's questions for the models of ability θ (ladder then target), drawn from `rng`:
 * difficulties centred between lo + 0.2·span and lo + 1.1·span (from the least able model to beyond the target),
 * each question drawn by `drawItem`.
 */
export function itemPassRates(
  theta: number[],
  lo: number,
  span: number,
  benchmarks: IrtBenchSpec[],
  nonMonotone: number,
  rng: Random,
): ItemRates[] {
  const nm = theta.length;
  return benchmarks.map((spec) => {
    const centre = lo + span * (0.2 + 0.9 * rng.next());
    const spread = 0.6 * span + 1.5 * rng.next();
    const p = new Float64Array(spec.questions * nm);
    for (let q = 0; q < spec.questions; q++) {
      const item = drawItem(rng, centre, spread, nonMonotone);
      for (let m = 0; m < nm; m++) p[q * nm + m] = itemPassRate(item, theta[m], spec.guess);
    }
    return { name: spec.name, questions: spec.questions, p, centre, spread };
  });
}

/** A study from the IRT generator, with the target's exact expected scores as truth. */
export function simulateIrt(o: IrtOptions): SimulatedStudy {
  const rng = createRandom(o.seed);
  const benches = irtPassRates(o, rng);
  return assembleStudy(rng, 'irt', o, benches);
}
