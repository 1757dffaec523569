import type { Random } from '../util/random.ts';
import { ScoreCollector, type ModelInfo } from '../study/study.ts';
import type { SimulatedStudy } from './simulate.ts';

/** One simulated benchmark as exact pass rates: `p[q * nModels + m]` in [0,1], the target in the last column. */
export interface TruePassRates {
  name: string;
  questions: number;
  p: Float64Array;
}

export interface AssembleOptions {
  /** Training compute of the ladder models, FLOPs, increasing. */
  ladderFlops: number[];
  targetFlops: number;
  /** Default: `<prefix>-<i>-<compute>`. */
  ladderNames?: string[];
  /** Default: `<prefix>-target`. */
  targetName?: string;
  /** Samples per question of every model. */
  trials: number;
}

/**
 * One question's scores: for each model (the target last), a binomial draw over `trials` samples at its pass rate
 * `p(m)`, clamped to [0,1]. Returns the target's exact (clamped) pass rate.
 */
export function drawQuestion(
  rng: Random,
  collector: ScoreCollector,
  models: string[],
  benchmark: string,
  q: number,
  trials: number,
  p: (m: number) => number,
): number {
  let target = 0;
  for (let m = 0; m < models.length; m++) {
    const pm = Math.min(1, Math.max(0, p(m)));
    if (m === models.length - 1) target = pm;
    collector.add({
      model: models[m],
      benchmark,
      question: `q${q}`,
      score: rng.binomial(trials, pm) / trials,
      trials,
    });
  }
  return target;
}

/**
 * A study from exact per-question pass rates: ladder scores are binomial draws over `trials` samples, the target's
 * full-set metric is its exact expected score (also the returned truth), and its question scores are draws too.
 */
export function assembleStudy(
  rng: Random,
  prefix: string,
  o: AssembleOptions,
  benches: TruePassRates[],
): SimulatedStudy {
  const names =
    o.ladderNames ?? o.ladderFlops.map((f, i) => `${prefix}-${i + 1}-${f.toExponential(1).replace('+', '')}`);
  const targetName = o.targetName ?? `${prefix}-target`;
  const allNames = [...names, targetName];
  const nm = allNames.length;
  const collector = new ScoreCollector();
  const truth: Record<string, number> = {};
  for (const b of benches) {
    let sum = 0;
    for (let q = 0; q < b.questions; q++)
      sum += drawQuestion(rng, collector, allNames, b.name, q, o.trials, (m) => b.p[q * nm + m]);
    truth[b.name] = sum / b.questions;
  }
  const models: ModelInfo[] = allNames.map((name, i) => ({
    name,
    flops: i < o.ladderFlops.length ? o.ladderFlops[i] : o.targetFlops,
    computeSource: 'file',
    role: i < o.ladderFlops.length ? 'ladder' : 'target',
  }));
  const metrics = Object.entries(truth).map(([benchmark, value]) => ({
    model: targetName,
    benchmark,
    value,
  }));
  return {
    study: { models, benchmarks: collector.build(), metrics, warnings: [] },
    target: { name: targetName, flops: o.targetFlops },
    truth,
  };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
