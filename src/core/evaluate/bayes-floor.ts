/**
 * Bayes floors of the three simulated families' generators: the error of the best prediction any method could make
 * from the ladder's per-question results, one that knows the generator itself and the study's settings. Its prediction is the posterior mean of the target's exact score, by importance sampling from the
 * generator's own prior. No method can beat it on average; a figure below it is luck.
 */
import { assembleStudy } from '../simulate/assemble.ts';
import {
  drawGroupShares,
  drawLogisticQuestion,
  LOGISTIC_GROUPS,
  logisticPassRates,
  type LogisticOptions,
} from '../simulate/logistic.ts';
import { drawItem, irtDraw, itemPassRate, type IrtOptions } from '../simulate/irt.ts';
import {
  DEFAULT_SIMULATION,
  drawSimCurve,
  passRate,
  simulateStudy,
  type SimulatedStudy,
  type SimulateOptions,
} from '../simulate/simulate.ts';
import type { Benchmark } from '../study/study.ts';
import { independentOptions, simulatedOptions, type SuiteCase } from './suite.ts';
import { createRandom } from '../util/random.ts';

export interface BayesFloorOptions {
  /** Questions drawn from the prior, per difficulty group for the logistic generator (default 15,000). */
  perGroup?: number;
  /** Difficulty mixes drawn from the generator’s hyperprior (default 20,000). */
  mixes?: number;
}

/** One benchmark's exact score and the Bayes predictions of it, all fractions in [0,1]. */
export interface BayesFloorBenchmark {
  name: string;
  trials: number;
  ladderModels: number;
  /** The target's exact expected score (the suite's truth). */
  truth: number;
  /**
   * The true Bayes prediction: the posterior mean of the target's score given what the generator leaves to chance.
   * Logistic: the benchmark's difficulty mix unknown (drawn from the generator's hyperprior); COD-like: the same as
   * `knownPopulation` (its mix is a setting); IRT: null (not computed).
   */
  posterior: number | null;
  /**
   * The posterior mean given the benchmark's own question population (logistic: its difficulty mix; IRT: every ladder
   * model's ability and the benchmark's difficulty centre and spread; COD-like: its mix of question kinds): an oracle
   * that knows more than Bayes (the same for the COD-like generator).
   */
  knownPopulation: number;
  /** Effective number of the hyperprior's mixes behind `posterior` (importance sampling; small is unreliable). */
  effectiveMixes: number | null;
}

/** A distinct row of ladder results: how many questions share it, and per group its likelihood and target mean. */
interface Pattern {
  count: number;
  /** Mean likelihood of the row under each group's prior draws (scaled by a per-row constant). */
  likelihood: number[];
  /** Likelihood-weighted mean of the target's exact pass rate under each group's draws. */
  target: number[];
}

/** Draws `perGroup` questions of every group: exact pass rates on ladder and target, row-major (group, draw, model). */
function logisticDraws(
  o: Pick<LogisticOptions, 'noise' | 'nonMonotone'>,
  logC: number[],
  guess: number,
  perGroup: number,
  seed: number,
): Float64Array {
  const nm = logC.length;
  const rng = createRandom(seed);
  const out = new Float64Array(LOGISTIC_GROUPS.length * perGroup * nm);
  for (let g = 0; g < LOGISTIC_GROUPS.length; g++)
    for (let s = 0; s < perGroup; s++)
      drawLogisticQuestion(rng, g, logC, o, guess, out, (g * perGroup + s) * nm);
  return out;
}

/**
 * The benchmark's distinct rows of success counts on the ladder columns, each with its likelihood under each of
 * `groups` equal blocks of the prior draws (exact pass rates, row-major draw × model, the target last).
 */
function patterns(
  bench: Benchmark,
  columns: number[],
  trials: number,
  draws: Float64Array,
  nm: number,
  groups: number,
): Pattern[] {
  const ladder = columns.length;
  const total = draws.length / nm;
  const perGroup = total / groups;
  const logP = new Float64Array(total * ladder);
  const logQ = new Float64Array(total * ladder);
  for (let s = 0; s < total; s++)
    for (let m = 0; m < ladder; m++) {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, draws[s * nm + m]));
      logP[s * ladder + m] = Math.log(p);
      logQ[s * ladder + m] = Math.log1p(-p);
    }
  const rows = new Map<string, { count: number; k: number[] }>();
  for (let q = 0; q < bench.questions.length; q++) {
    const k = columns.map((c) => Math.round(bench.scores[q * bench.models.length + c] * trials));
    const key = k.join(',');
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { count: 1, k });
  }
  const ll = new Float64Array(total);
  return [...rows.values()].map(({ count, k }) => {
    let top = -Infinity;
    for (let s = 0; s < total; s++) {
      let v = 0;
      for (let m = 0; m < ladder; m++)
        v += k[m] * logP[s * ladder + m] + (trials - k[m]) * logQ[s * ladder + m];
      ll[s] = v;
      if (v > top) top = v;
    }
    const likelihood: number[] = [];
    const target: number[] = [];
    for (let g = 0; g < groups; g++) {
      let w = 0;
      let wt = 0;
      for (let s = g * perGroup; s < (g + 1) * perGroup; s++) {
        const e = Math.exp(ll[s] - top);
        w += e;
        wt += e * draws[s * nm + nm - 1];
      }
      likelihood.push(w / perGroup);
      target.push(w > 0 ? wt / w : 0);
    }
    return { count, likelihood, target };
  });
}

/** The posterior mean of the benchmark's target score under difficulty mix `mix` (shares summing to 1). */
function scoreUnder(rows: Pattern[], mix: number[]): number {
  let sum = 0;
  let n = 0;
  for (const r of rows) {
    let w = 0;
    let wt = 0;
    for (let g = 0; g < mix.length; g++) {
      w += mix[g] * r.likelihood[g];
      wt += mix[g] * r.likelihood[g] * r.target[g];
    }
    sum += (r.count * wt) / w;
    n += r.count;
  }
  return sum / n;
}

/** Log-likelihood (up to a constant) of the benchmark's rows under difficulty mix `mix`. */
function mixLogLikelihood(rows: Pattern[], mix: number[]): number {
  let ll = 0;
  for (const r of rows) {
    let w = 0;
    for (let g = 0; g < mix.length; g++) w += mix[g] * r.likelihood[g];
    ll += r.count * Math.log(w);
  }
  return ll;
}

/** The posterior mean over the hyperprior's difficulty mixes, by importance sampling, and its effective draws. */
function overMixes(rows: Pattern[], mixes: number, seed: number): { value: number; effective: number } {
  const rng = createRandom(seed);
  const drawn = Array.from({ length: mixes }, () => {
    const raw = drawGroupShares(rng);
    const total = raw.reduce((a, b) => a + b, 0);
    const mix = raw.map((v) => v / total);
    return { mix, ll: mixLogLikelihood(rows, mix) };
  });
  const top = Math.max(...drawn.map((d) => d.ll));
  let w = 0;
  let w2 = 0;
  let v = 0;
  for (const d of drawn) {
    const e = Math.exp(d.ll - top);
    w += e;
    w2 += e * e;
    v += e * scoreUnder(rows, d.mix);
  }
  return { value: v / w, effective: (w * w) / w2 };
}

/** One benchmark's ladder results: its `columns` of `bench`, `trials` samples each, at log10-compute `logC`. */
export interface LadderResults {
  bench: Benchmark;
  columns: number[];
  trials: number;
  /** log10 FLOPs of the ladder models, the target last. */
  logC: number[];
  /** The benchmark's guess floor in [0,1). */
  guess: number;
}

/**
 * The posterior mean of a benchmark's target score (fraction in [0,1]) under the logistic generator's prior with
 * settings `o` (noise, non-monotone share), its difficulty mix drawn from the generator's hyperprior, with the
 * effective number of mixes behind it; with `knownShares`, also the posterior mean under that mix.
 */
export function logisticPosteriorScore(
  ladder: LadderResults,
  o: Pick<LogisticOptions, 'noise' | 'nonMonotone'>,
  seeds: { draws: number; mixes: number },
  options: BayesFloorOptions = {},
  knownShares?: number[],
): { value: number; effectiveMixes: number; knownPopulation: number | null } {
  const { bench, columns, trials, logC, guess } = ladder;
  const draws = logisticDraws(o, logC, guess, options.perGroup ?? 15_000, seeds.draws);
  const rows = patterns(bench, columns, trials, draws, logC.length, LOGISTIC_GROUPS.length);
  const { value, effective } = overMixes(rows, options.mixes ?? 20_000, seeds.mixes);
  return {
    value,
    effectiveMixes: effective,
    knownPopulation: knownShares ? scoreUnder(rows, knownShares) : null,
  };
}

/** The generator's benchmarks `specs` in the study, with their ladder columns and exact truth, as `one` predicts each. */
function perBenchmark(
  sim: SimulatedStudy,
  specs: readonly { name: string }[],
  one: (
    bench: Benchmark,
    columns: number[],
    b: number,
  ) => Omit<BayesFloorBenchmark, 'truth' | 'ladderModels'>,
): BayesFloorBenchmark[] {
  const ladderNames = sim.study.models.filter((m) => m.role === 'ladder').map((m) => m.name);
  return specs.map((spec, b) => {
    const bench = sim.study.benchmarks.find((x) => x.name === spec.name) as Benchmark;
    const columns = ladderNames.map((name) => bench.models.indexOf(name));
    return { ...one(bench, columns, b), ladderModels: ladderNames.length, truth: sim.truth[spec.name] };
  });
}

/**
 * Per benchmark of the logistic study `o` (drawn exactly as the suite draws it), its exact target score and the
 * Bayes predictions of it from the ladder's results: scores as fractions in [0,1].
 */
export function logisticBayesFloor(
  o: LogisticOptions,
  options: BayesFloorOptions = {},
): BayesFloorBenchmark[] {
  const rng = createRandom(o.seed);
  const rates = logisticPassRates(o, rng);
  const sim = assembleStudy(rng, 'logi', o, rates);
  const logC = [...o.ladderFlops, o.targetFlops].map(Math.log10);
  return perBenchmark(sim, o.benchmarks, (bench, columns, b) => {
    const spec = o.benchmarks[b];
    const seeds = { draws: o.seed * 31 + b, mixes: o.seed * 37 + b };
    const ladder = { bench, columns, trials: o.trials, logC, guess: spec.guess };
    const posterior = logisticPosteriorScore(ladder, o, seeds, options, rates[b].shares);
    return {
      name: spec.name,
      trials: o.trials,
      posterior: posterior.value,
      knownPopulation: posterior.knownPopulation as number,
      effectiveMixes: posterior.effectiveMixes,
    };
  });
}

/**
 * Per benchmark of the IRT study `o` (drawn exactly as the suite draws it), its exact target score and the
 * prediction of an oracle that knows every ladder model's ability and each benchmark's difficulty population but
 * neither the questions nor the target's own ability offset: the posterior mean, scores as fractions in [0,1].
 */
export function irtBayesFloor(o: IrtOptions, options: BayesFloorOptions = {}): BayesFloorBenchmark[] {
  const draws = options.perGroup ?? 15_000;
  const rng = createRandom(o.seed);
  const drawn = irtDraw(o, rng);
  const sim = assembleStudy(rng, 'irt', o, drawn.rates);
  const ladder = o.ladderFlops.length;
  const nm = ladder + 1;
  const targetTrend = drawn.trend[ladder];
  return perBenchmark(sim, o.benchmarks, (bench, columns, b) => {
    const { centre, spread } = drawn.rates[b];
    const guess = o.benchmarks[b].guess;
    const prior = createRandom(o.seed * 41 + b);
    const p = new Float64Array(draws * nm);
    for (let s = 0; s < draws; s++) {
      const item = drawItem(prior, centre, spread, o.nonMonotone);
      for (let m = 0; m < ladder; m++) p[s * nm + m] = itemPassRate(item, drawn.theta[m], guess);
      p[s * nm + ladder] = itemPassRate(item, targetTrend + o.modelNoise * prior.normal(), guess);
    }
    const rows = patterns(bench, columns, o.trials, p, nm, 1);
    return {
      name: bench.name,
      trials: o.trials,
      posterior: null,
      knownPopulation: scoreUnder(rows, [1]),
      effectiveMixes: null,
    };
  });
}

/**
 * Per benchmark of the COD-like study `options` (simulate.ts, drawn exactly as the suite draws it), its exact target
 * score and the Bayes prediction of it: the posterior mean under the benchmark's own mix of question kinds, a setting
 * of the study. Scores as fractions in [0,1].
 */
export function codSimBayesFloor(
  options: Partial<SimulateOptions>,
  floorOptions: BayesFloorOptions = {},
): BayesFloorBenchmark[] {
  const o: SimulateOptions = { ...DEFAULT_SIMULATION, ...options };
  const draws = floorOptions.perGroup ?? 15_000;
  const sim = simulateStudy(o);
  const flops = [...o.ladderFlops, o.targetFlops];
  const [lo, hi, target] = [o.ladderFlops[0], o.ladderFlops[o.ladderFlops.length - 1], o.targetFlops].map(
    Math.log10,
  );
  const nm = flops.length;
  return perBenchmark(sim, o.benchmarks, (bench, columns, b) => {
    const prior = createRandom(o.seed * 43 + b);
    const p = new Float64Array(draws * nm);
    for (let s = 0; s < draws; s++) {
      const curve = drawSimCurve(prior, o.benchmarks[b], lo, hi, target);
      for (let m = 0; m < nm; m++) p[s * nm + m] = Math.min(1, Math.max(0, passRate(curve, flops[m])));
    }
    const value = scoreUnder(patterns(bench, columns, o.trials, p, nm, 1), [1]);
    return {
      name: bench.name,
      trials: o.trials,
      posterior: value,
      knownPopulation: value,
      effectiveMixes: null,
    };
  });
}

/** The simulated families whose generators have a Bayes floor here. */
export type FloorFamily = 'cod-sim' | 'logistic' | 'irt' | 'indep';

/** The Bayes floor of study `i` (from 0) of a simulated family of the suite, drawn exactly as the suite draws it. */
export function suiteBayesFloor(
  family: FloorFamily,
  i: number,
  options: BayesFloorOptions = {},
): BayesFloorBenchmark[] {
  if (family === 'indep') return logisticBayesFloor(independentOptions(i), options);
  const { sim } = simulatedOptions(family, i);
  if (sim.family === 'logistic') return logisticBayesFloor(sim.options, options);
  if (sim.family === 'irt') return irtBayesFloor(sim.options, options);
  return codSimBayesFloor(sim.options, options);
}

/** The logistic generator's settings at the middle of the suite's ranges: logit noise 0.2–0.8, non-monotone 10–25%. */
export const MIDDLE_LOGISTIC: Pick<LogisticOptions, 'noise' | 'nonMonotone'> = {
  noise: 0.5,
  nonMonotone: 0.175,
};

/**
 * The logistic generator's Bayes predictor (settings `o`, the guess floors of the case's settings) on a simulated
 * case of any family: per benchmark, the posterior mean of the target's score, a fraction in [0,1]. On its own
 * generator it is close to the floor; on others it shows how much the floor owes to knowing the generator.
 */
export function logisticPredictorOnCase(
  c: SuiteCase,
  o: Pick<LogisticOptions, 'noise' | 'nonMonotone'> = MIDDLE_LOGISTIC,
  options: BayesFloorOptions = {},
): { name: string; value: number }[] {
  const target = c.study.models.find((m) => m.name === c.target);
  if (!target?.flops) throw new Error(`case ${c.label}: no target ${c.target} with a compute`);
  const ladder = c.study.models
    .filter((m) => m.name !== c.target && m.flops !== undefined && m.flops < (target.flops as number))
    .sort((a, b) => (a.flops as number) - (b.flops as number));
  const logC = [...ladder, target].map((m) => Math.log10(m.flops as number));
  return c.study.benchmarks.map((bench, b) => {
    const columns = ladder.map((m) => bench.models.indexOf(m.name));
    const guess = c.settings?.guesses[b] ?? 0;
    const results = { bench, columns, trials: bench.trials[columns[0]], logC, guess };
    const { value } = logisticPosteriorScore(results, o, { draws: 1009 + b, mixes: 1010 + b }, options);
    return { name: bench.name, value };
  });
}
