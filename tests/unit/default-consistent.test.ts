import { describe, expect, it } from 'vitest';
import { simulateLogistic } from '../../src/core/simulate/logistic.ts';
import {
  DEFAULT_RULE,
  defaultFromInput,
  defaultInput,
  predictDefault,
} from '../../src/core/methods/default.ts';
import { ladderScores, lowestConsistentScore } from '../../src/core/methods/gate.ts';
import { excludeTarget } from '../../src/core/study/study.ts';

describe('default on a ladder whose largest models are unfinished checkpoints', () => {
  const sim = simulateLogistic({
    seed: 5,
    ladderFlops: [1e20, 3e20, 1e21, 3e21, 1e22, 3e22],
    targetFlops: 3e23,
    trials: 100,
    benchmarks: [
      { name: 'a', questions: 300, guess: 0 },
      { name: 'b', questions: 300, guess: 0 },
    ],
    nonMonotone: 0.1,
    noise: 0.3,
  });
  // The two largest ladder models pass 60% as often as they would, as early checkpoints of larger runs do.
  const checkpoints = sim.study.models
    .filter((m) => m.role === 'ladder')
    .sort((x, y) => (x.flops ?? 0) - (y.flops ?? 0))
    .slice(-2)
    .map((m) => m.name);
  const study = {
    ...sim.study,
    benchmarks: sim.study.benchmarks.map((b) => {
      const scores = b.scores.slice();
      const columns = checkpoints.map((m) => b.models.indexOf(m));
      for (let q = 0; q < b.questions.length; q++)
        for (const c of columns) scores[q * b.models.length + c] *= 0.6;
      return { ...b, scores };
    }),
  };

  it("weights only the candidates predicting at least the ladder's best score less its noise, and says so", () => {
    const r = predictDefault(study, sim.target);
    const s = excludeTarget(study, sim.target);
    for (const b of r.benchmarks) {
      const ladder = ladderScores(s, b.benchmark);
      const lowest = lowestConsistentScore(ladder.y, ladder.questions);
      expect(ladder.y.at(-1)!).toBeLessThan(lowest);
      const candidates = b.explanation!.candidates;
      expect(candidates.some((c) => c.predicted !== null && c.predicted < lowest)).toBe(true);
      for (const c of candidates.filter((x) => x.weight > 0))
        expect(c.predicted!).toBeGreaterThanOrEqual(lowest);
      expect(b.predicted).toBeGreaterThanOrEqual(lowest);
      expect(b.explanation!.rule).toMatch(/set aside for predicting less than the ladder's best score/);
    }
  });

  it('without the rule (as the report measures it), weights a candidate below that score', () => {
    const input = defaultInput(study, sim.target);
    const s = excludeTarget(study, sim.target);
    const off = defaultFromInput(input, DEFAULT_RULE, undefined, false).result;
    const on = defaultFromInput(input, DEFAULT_RULE).result;
    const lowered = off.benchmarks.filter((b) => {
      const ladder = ladderScores(s, b.benchmark);
      const lowest = lowestConsistentScore(ladder.y, ladder.questions);
      return b.explanation!.candidates.some((c) => c.weight > 0 && c.predicted! < lowest);
    });
    expect(lowered.length).toBeGreaterThan(0);
    for (const b of lowered) {
      const same = on.benchmarks.find((x) => x.benchmark === b.benchmark)!;
      expect(same.predicted).toBeGreaterThan(b.predicted);
    }
  });
});
