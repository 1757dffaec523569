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
  /** Prefix of the ladder model names. */
  prefix: string;
  /** Training compute of the ladder models, FLOPs, increasing. */
  ladderFlops: number[];
  targetFlops: number;
  targetName: string;
  /** Samples per question of every model. */
  trials: number;
}

/**
 * A study from exact per-question pass rates: ladder scores are binomial draws over `trials` samples, the target's
 * full-set metric is its exact expected score (also the returned truth), and its question scores are draws too.
 */
export function assembleStudy(rng: Random, o: AssembleOptions, benches: TruePassRates[]): SimulatedStudy {
  const names = [
    ...o.ladderFlops.map((f, i) => `${o.prefix}-${i + 1}-${f.toExponential(1).replace('+', '')}`),
  ];
  const allNames = [...names, o.targetName];
  const nm = allNames.length;
  const collector = new ScoreCollector();
  const truth: Record<string, number> = {};
  for (const b of benches) {
    let sum = 0;
    for (let q = 0; q < b.questions; q++) {
      for (let m = 0; m < nm; m++) {
        const p = Math.min(1, Math.max(0, b.p[q * nm + m]));
        if (m === nm - 1) sum += p;
        collector.add({
          model: allNames[m],
          benchmark: b.name,
          question: `q${q}`,
          score: rng.binomial(o.trials, p) / o.trials,
          trials: o.trials,
        });
      }
    }
    truth[b.name] = sum / b.questions;
  }
  const models: ModelInfo[] = allNames.map((name, i) => ({
    name,
    flops: i < o.ladderFlops.length ? o.ladderFlops[i] : o.targetFlops,
    computeSource: 'file',
    role: i < o.ladderFlops.length ? 'ladder' : 'target',
  }));
  const metrics = Object.entries(truth).map(([benchmark, value]) => ({
    model: o.targetName,
    benchmark,
    value,
  }));
  return {
    study: { models, benchmarks: collector.build(), metrics, warnings: [] },
    target: { name: o.targetName, flops: o.targetFlops },
    truth,
  };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
