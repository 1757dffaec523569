import { describe, expect, it } from 'vitest';
import {
  exampleStudy,
  PAPER_LADDER_FLOPS,
  PAPER_TARGET_FLOPS,
  simulateStudy,
} from '../../src/core/simulate/simulate.ts';
import { columnMean, validateStudy } from '../../src/core/study/study.ts';

describe('simulateStudy', () => {
  const sim = simulateStudy({ seed: 3 });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = simulateStudy({ seed: 3 });
    expect(again.truth).toEqual(sim.truth);
    expect(again.study.benchmarks[0].scores).toEqual(sim.study.benchmarks[0].scores);
    expect(simulateStudy({ seed: 4 }).truth).not.toEqual(sim.truth);
  });

  it('builds a valid study: the paper’s ladder, a target 27× beyond it, 100 trials per score', () => {
    expect(validateStudy(sim.study).filter((i) => i.level === 'error')).toEqual([]);
    const ladder = sim.study.models.filter((m) => m.role === 'ladder');
    expect(ladder.map((m) => m.flops)).toEqual(PAPER_LADDER_FLOPS);
    expect(sim.target.flops).toBe(PAPER_TARGET_FLOPS);
    expect(sim.target.flops / PAPER_LADDER_FLOPS[7]).toBeGreaterThan(20);
    for (const b of sim.study.benchmarks) expect(new Set(b.trials)).toEqual(new Set([100]));
  });

  it('gives the target an exact expected score its sampled results agree with', () => {
    for (const b of sim.study.benchmarks) {
      const truth = sim.truth[b.name];
      expect(truth).toBeGreaterThan(0.3);
      expect(truth).toBeLessThan(0.95);
      const sampled = columnMean(b, b.models.indexOf(sim.target.name));
      expect(Math.abs(sampled - truth)).toBeLessThan(0.01);
    }
  });

  it('mixes heterogeneous questions: never-solved, saturated and rising ones', () => {
    const b = sim.study.benchmarks.find((x) => x.name === 'sim-math')!;
    const nm = b.models.length;
    let zero = 0;
    let saturated = 0;
    let rising = 0;
    for (let q = 0; q < b.questions.length; q++) {
      const row = Array.from({ length: 8 }, (_, m) => b.scores[q * nm + m]);
      if (row.every((v) => v === 0)) zero++;
      else if (row.every((v) => v > 0.8)) saturated++;
      else if (row[7] - row[0] > 0.5) rising++;
    }
    expect(zero).toBeGreaterThan(50);
    expect(saturated).toBeGreaterThan(10);
    expect(rising).toBeGreaterThan(200);
  });

  it('feeds the loss-based baselines with monotone losses', () => {
    const ladder = sim.study.models.filter((m) => m.role === 'ladder');
    for (let i = 1; i < ladder.length; i++) {
      expect(ladder[i].loss!).toBeLessThan(ladder[i - 1].loss!);
      expect(ladder[i].domainLosses!.code).toBeLessThan(ladder[i - 1].domainLosses!.code);
    }
  });

  it('keeps the built-in example small', () => {
    const study = exampleStudy();
    expect(study.benchmarks).toHaveLength(4);
    expect(study.benchmarks.reduce((s, b) => s + b.questions.length, 0)).toBeLessThan(3000);
  });
});
