import { ScoreCollector, type Metric, type ModelInfo, type Study } from '../study/study.ts';
import type { TargetSpec } from '../study/types.ts';
import type { Random } from '../util/random.ts';
import { argmax, softmaxAt } from '../util/softmax.ts';
import type { TruePassRates } from './assemble.ts';

/**
 * Greedy multiple-choice evaluation logs from latent gold-choice probabilities π (a generator's exact pass rates,
 * floored at 1/k for k choices). For each question and model, each choice's log-likelihood is the log of its latent
 * probability (π for the gold choice, 1 − π split over the distractors by the question's own fixed weights) plus
 * Gaussian noise of standard deviation `noise` (nats), drawn per question, model and choice. The greedy answer is the
 * choice with the largest log-likelihood (acc 0/1); the graded signal is the gold choice's softmax probability.
 */
export interface ChoiceLogOptions {
  /** Training compute of the ladder models, FLOPs, increasing; the target comes last in the rates. */
  ladderFlops: number[];
  targetFlops: number;
  /** Choices per question of each benchmark (the rates' guess floor should be 1/k). */
  choices: number[];
  /** Standard deviation of the log-likelihood noise, nats. */
  noise: number;
  /** Draws per target question to estimate its expected greedy accuracy (the truth). */
  targetDraws?: number;
  prefix?: string;
}

/** The same simulated runs read two ways, and the target's expected greedy accuracy per benchmark as truth. */
export interface ChoiceLogStudies {
  /** Questions scored by greedy acc (0/1). */
  binary: Study;
  /** Questions scored by the gold choice's probability; every model's full-set acc as its metric. */
  graded: Study;
  target: TargetSpec;
  /** Expected full-set greedy accuracy of the target, in [0,1]. */
  truth: Record<string, number>;
}

/** One model's noisy log-likelihoods of one question: gold choice first (index 0). */
function drawLogLiks(rng: Random, pi: number, weights: number[], noise: number, out: number[]): void {
  const p = Math.min(1 - 1e-9, Math.max(1e-9, pi));
  out[0] = Math.log(p) + noise * rng.normal();
  for (let j = 1; j < out.length; j++) out[j] = Math.log((1 - p) * weights[j - 1]) + noise * rng.normal();
}

/** Greedy multiple-choice logs of every ladder model and the target from the latent rates (see the interface). */
export function simulateChoiceLogs(
  rng: Random,
  o: ChoiceLogOptions,
  rates: TruePassRates[],
): ChoiceLogStudies {
  const prefix = o.prefix ?? 'mc';
  const names = [...o.ladderFlops.map((_, i) => `${prefix}-${i + 1}`), `${prefix}-target`];
  const nm = names.length;
  const draws = o.targetDraws ?? 200;
  const binary = new ScoreCollector();
  const graded = new ScoreCollector();
  const metrics: Metric[] = [];
  const truth: Record<string, number> = {};
  rates.forEach((b, bi) => {
    const k = o.choices[bi];
    const ll = new Array<number>(k);
    const accSum = new Float64Array(nm);
    let expected = 0;
    for (let q = 0; q < b.questions; q++) {
      const w = Array.from({ length: k - 1 }, () => Math.exp(0.7 * rng.normal()));
      const total = w.reduce((s, x) => s + x, 0);
      const weights = w.map((x) => x / total);
      for (let m = 0; m < nm; m++) {
        const pi = b.p[q * nm + m];
        drawLogLiks(rng, pi, weights, o.noise, ll);
        const acc = argmax(ll) === 0 ? 1 : 0;
        accSum[m] += acc;
        const row = { model: names[m], benchmark: b.name, question: `q${q}`, trials: 1 };
        binary.add({ ...row, score: acc });
        graded.add({ ...row, score: softmaxAt(ll, 0) });
        if (m === nm - 1) {
          let wins = 0;
          for (let r = 0; r < draws; r++) {
            drawLogLiks(rng, pi, weights, o.noise, ll);
            if (argmax(ll) === 0) wins++;
          }
          expected += wins / draws;
        }
      }
    }
    truth[b.name] = expected / b.questions;
    for (let m = 0; m < nm - 1; m++)
      metrics.push({ model: names[m], benchmark: b.name, value: accSum[m] / b.questions, name: 'acc' });
  });
  const models: ModelInfo[] = names.map((name, i) => ({
    name,
    flops: i < nm - 1 ? o.ladderFlops[i] : o.targetFlops,
    computeSource: 'file',
    role: i < nm - 1 ? 'ladder' : 'target',
  }));
  const targetMetrics = Object.entries(truth).map(([benchmark, value]) => ({
    model: names[nm - 1],
    benchmark,
    value,
  }));
  const study = (collector: ScoreCollector, extra: Metric[]): Study => ({
    models: models.map((m) => ({ ...m })),
    benchmarks: collector.build(),
    metrics: [...extra, ...targetMetrics],
    warnings: [],
  });
  return {
    binary: study(binary, []),
    graded: study(graded, metrics),
    target: { name: names[nm - 1], flops: o.targetFlops },
    truth,
  };
}
