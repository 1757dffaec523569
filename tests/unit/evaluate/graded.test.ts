import { describe, expect, it } from 'vitest';
import { gradedWins, summariseGraded, type GradedRow } from '../../../src/core/evaluate/graded.ts';
import { predict } from '../../../src/core/pipeline/predict.ts';
import { simulateChoiceLogs } from '../../../src/core/simulate/choices.ts';
import { columnMean, fullSetScore } from '../../../src/core/study/study.ts';
import { createRandom } from '../../../src/core/util/random.ts';

/** Latent gold-choice probabilities of 3 ladder models and a target, floored at 1/k. */
function rates(questions: number, k: number, seed: number) {
  const rng = createRandom(seed);
  const nm = 4;
  const p = new Float64Array(questions * nm);
  for (let q = 0; q < questions; q++) {
    const start = 1 / k + (1 - 1 / k) * rng.next() * 0.5;
    for (let m = 0; m < nm; m++) p[q * nm + m] = Math.min(1, start + 0.1 * m * rng.next());
  }
  return { name: `b${k}`, questions, p };
}

const ladderFlops = [1e20, 1e21, 1e22];

describe('simulateChoiceLogs', () => {
  it('without noise, the gold probability is the latent one and greedy acc is π above every distractor', () => {
    const r = rates(300, 4, 1);
    const logs = simulateChoiceLogs(
      createRandom(2),
      { ladderFlops, targetFlops: 1e23, choices: [4], noise: 0 },
      [r],
    );
    const g = logs.graded.benchmarks[0];
    const b = logs.binary.benchmarks[0];
    for (let i = 0; i < g.scores.length; i++) {
      const pi = Math.min(1 - 1e-9, Math.max(1e-9, r.p[i]));
      // softmax(log p) = p when the choice probabilities sum to 1.
      expect(g.scores[i]).toBeCloseTo(pi, 9);
      // The greedy answer is gold whenever π exceeds 1 − π, the distractors' total.
      if (pi > 0.5) expect(b.scores[i]).toBe(1);
    }
    let expected = 0;
    for (let q = 0; q < r.questions; q++) expected += b.scores[q * 4 + 3];
    expect(logs.truth.b4).toBeCloseTo(expected / r.questions, 12);
  });

  it('reads the same runs two ways: ladder acc metrics are the 0/1 column means; graded scores lie in [0,1]', () => {
    const logs = simulateChoiceLogs(
      createRandom(3),
      { ladderFlops, targetFlops: 1e23, choices: [4, 2], noise: 0.8 },
      [rates(200, 4, 4), rates(200, 2, 5)],
    );
    for (const [bi, bench] of logs.binary.benchmarks.entries()) {
      expect(new Set(bench.scores)).toEqual(new Set([0, 1]));
      const graded = logs.graded.benchmarks[bi];
      for (const v of graded.scores) expect(v >= 0 && v <= 1).toBe(true);
      for (let m = 0; m < 3; m++) {
        expect(fullSetScore(logs.graded, graded, bench.models[m])).toBeCloseTo(columnMean(bench, m), 12);
      }
      expect(fullSetScore(logs.graded, graded, logs.target.name)).toBe(logs.truth[bench.name]);
      expect(fullSetScore(logs.binary, bench, logs.target.name)).toBe(logs.truth[bench.name]);
    }
  });

  it('warns about single 0/1 trials on the 0/1 reading only, not on graded single-run scores', () => {
    const logs = simulateChoiceLogs(
      createRandom(6),
      { ladderFlops: [1e20, 1e21, 1e22, 1e23], targetFlops: 1e24, choices: [4], noise: 0.5 },
      [rates5(250)],
    );
    const warnings = (s: typeof logs.binary) => predict(s, logs.target).benchmarks[0].warnings.join('\n');
    expect(warnings(logs.binary)).toMatch(/single 0\/1 trial/);
    expect(warnings(logs.graded)).not.toMatch(/single 0\/1 trial|samples per question/);
  });
});

/** Latent gold-choice probabilities of 4 ladder models and a target, rising with compute. */
function rates5(questions: number) {
  const rng = createRandom(8);
  const p = new Float64Array(questions * 5);
  for (let q = 0; q < questions; q++) {
    const d = 4 * rng.next();
    for (let m = 0; m < 5; m++) p[q * 5 + m] = 0.25 + 0.75 / (1 + Math.exp(-(m - d) * 1.5));
  }
  return { name: 'b4', questions, p };
}

describe('summariseGraded', () => {
  const row = (label: string, signal: GradedRow['signal'], error: number | null): GradedRow => ({
    label,
    family: 'irt',
    signal,
    method: 'cod',
    benchmark: 'b',
    error,
    covered: error !== null && error < 2,
  });

  it('gives mean, median, worst, coverage and head-to-head wins per signal', () => {
    const rows = [
      row('a', 'acc (0/1)', 1),
      row('a', 'gold_prob', 3),
      row('b', 'acc (0/1)', 5),
      row('b', 'gold_prob', 2),
      row('c', 'acc (0/1)', 3),
      row('c', 'gold_prob', null),
    ];
    const all = summariseGraded(rows).filter((s) => s.group === 'all');
    const acc = all.find((s) => s.signal === 'acc (0/1)')!;
    const gold = all.find((s) => s.signal === 'gold_prob')!;
    expect([acc.mean, acc.median, acc.worst, acc.n, acc.wins]).toEqual([3, 3, 5, 3, 2]);
    expect([gold.mean, gold.median, gold.worst, gold.n, gold.wins]).toEqual([2.5, 2.5, 3, 2, 1]);
    expect(acc.coverage).toBeCloseTo(1 / 3, 12);
    expect(gradedWins(all)).toBe(false);
  });

  it('declares a win only when mean, median and worst are all lower', () => {
    const rows = [
      row('a', 'acc (0/1)', 4),
      row('a', 'gold_prob', 1),
      row('b', 'acc (0/1)', 6),
      row('b', 'gold_prob', 2),
    ];
    expect(gradedWins(summariseGraded(rows))).toBe(true);
    rows.push(row('c', 'acc (0/1)', 1), row('c', 'gold_prob', 9));
    expect(gradedWins(summariseGraded(rows))).toBe(false);
  });
});
