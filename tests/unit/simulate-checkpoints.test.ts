import { describe, expect, it } from 'vitest';
import {
  checkpointAbility,
  checkpointModels,
  checkpointPassRates,
  decayGain,
  simulateCheckpoints,
  type CheckpointOptions,
} from '../../src/core/simulate/checkpoints.ts';
import { checkpointCases } from '../../src/core/evaluate/suite.ts';
import { columnMean, fullSetScore, validateStudy } from '../../src/core/study/study.ts';

const options: CheckpointOptions = {
  seed: 11,
  sizes: [1e8, 3.5e8, 1.2e9], // no two checkpoints with equal compute
  tokens0: 3e11,
  tokenExponent: 0,
  fractions: [0.1, 0.25, 0.5, 0.75, 1],
  lastRunFraction: 1,
  targetFlops: 6 * 1.2e9 * 3e11 * 30,
  trials: 100,
  benchmarks: [
    { name: 'open', questions: 800, guess: 0 },
    { name: 'four', questions: 800, guess: 0.25 },
  ],
  abilityPerDecadeN: 1.2,
  abilityPerDecadeD: 0.5,
  bump: 0.8,
  decayStart: 0.6,
  nonMonotone: 0.1,
};

describe('simulateCheckpoints', () => {
  const sim = simulateCheckpoints(options);

  it('is deterministic for a seed and differs across seeds', () => {
    const again = simulateCheckpoints(options);
    expect(again.truth).toEqual(sim.truth);
    expect(again.study.benchmarks[1].scores).toEqual(sim.study.benchmarks[1].scores);
    expect(simulateCheckpoints({ ...options, seed: 12 }).truth).not.toEqual(sim.truth);
  });

  it('saves every size at each fraction with compute 6·N·D, and a Pythia-like shared token budget', () => {
    expect(validateStudy(sim.study).filter((i) => i.level === 'error')).toEqual([]);
    const ladder = sim.study.models.filter((m) => m.role === 'ladder');
    expect(ladder.length).toBe(15);
    const s2half = ladder.find((m) => m.name === 'ckpt-s2@50%')!;
    expect(s2half.params).toBe(3.5e8);
    expect(s2half.tokens).toBeCloseTo(1.5e11, -3);
    expect(s2half.flops! / 3.15e20).toBeCloseTo(1, 12);
    for (let i = 1; i < ladder.length; i++) expect(ladder[i].flops!).toBeGreaterThan(ladder[i - 1].flops!);
    // The target: the size whose full run (same 3e11 tokens) has 30× the largest model's compute.
    const { target } = checkpointModels(options);
    expect(target.params / 3.6e10).toBeCloseTo(1, 12);
    expect(target.tokens / 3e11).toBeCloseTo(1, 12);
  });

  it('stops the largest size at its last fraction, and grows tokens with size by the exponent', () => {
    const { ladder } = checkpointModels({ ...options, lastRunFraction: 0.5, tokenExponent: 1 });
    expect(ladder.filter((m) => m.name.startsWith('ckpt-s3')).map((m) => m.fraction)).toEqual([
      0.1, 0.25, 0.5,
    ]);
    const s3 = ladder.find((m) => m.name === 'ckpt-s3@50%')!;
    expect(s3.tokens / (0.5 * 3e11 * 12)).toBeCloseTo(1, 12);
  });

  it('gives ability from size, tokens and the schedule’s late gain (hand-computed)', () => {
    expect(decayGain(0.5, 0.6)).toBe(0);
    expect(decayGain(0.8, 0.6)).toBeCloseTo(0.25, 12);
    expect(decayGain(1, 0.6)).toBe(1);
    // 3.5e8 parameters at 75% of 3e11 tokens: 1.2·log10(3.5) + 0.5·log10(0.75) + 0.8·((0.75 − 0.6)/0.4)².
    const m = checkpointModels(options).ladder.find((x) => x.name === 'ckpt-s2@75%')!;
    expect(checkpointAbility(options, m)).toBeCloseTo(
      1.2 * Math.log10(3.5) + 0.5 * Math.log10(0.75) + 0.8 * 0.140625,
      12,
    );
  });

  it('lets a larger size’s early checkpoint score below a smaller finished model with less compute', () => {
    const { ladder } = checkpointModels(options);
    const small = ladder.find((m) => m.name === 'ckpt-s2@100%')!;
    const early = ladder.find((m) => m.name === 'ckpt-s3@50%')!;
    expect(early.flops).toBeGreaterThan(small.flops);
    expect(checkpointAbility(options, early)).toBeLessThan(checkpointAbility(options, small) - 0.2);
    const b = sim.study.benchmarks.find((x) => x.name === 'open')!;
    expect(fullSetScore(sim.study, b, early.name)).toBeLessThan(
      fullSetScore(sim.study, b, small.name) - 0.02,
    );
  });

  it('gives the target its exact expected score: the mean of its pass rates, which its samples agree with', () => {
    const rates = checkpointPassRates(options);
    const nm = checkpointModels(options).ladder.length + 1;
    for (const r of rates) {
      let sum = 0;
      for (let q = 0; q < r.questions; q++) sum += r.p[q * nm + nm - 1];
      expect(sim.truth[r.name]).toBeCloseTo(sum / r.questions, 12);
      const b = sim.study.benchmarks.find((x) => x.name === r.name)!;
      expect(Math.abs(columnMean(b, b.models.indexOf(sim.target.name)) - sim.truth[r.name])).toBeLessThan(
        0.01,
      );
      if (r.name === 'four') for (const p of r.p) expect(p).toBeGreaterThanOrEqual(0.25 - 1e-12);
    }
  });
});

describe('checkpointCases', () => {
  const cases = checkpointCases(16, 20);

  it('builds 16 seeded held-out studies: targets 10×–100× beyond, or with their own early run in the ladder', () => {
    expect(cases.length).toBe(16);
    expect(new Set(cases.map((c) => c.family))).toEqual(new Set(['checkpoints']));
    expect([...new Set(cases.map((c) => c.settings!.trials))].sort((a, b) => a - b)).toEqual([1, 10, 100]);
    cases.forEach((c, i) => {
      const ladder = c.study.models.filter((m) => m.role === 'ladder');
      const target = c.study.models.find((m) => m.name === c.target)!;
      const top = Math.max(...ladder.map((m) => m.flops!));
      expect(target.flops! / top).toBeCloseTo(c.settings!.distance, 9);
      if (i % 2 === 0) {
        expect(c.settings!.distance).toBeGreaterThanOrEqual(10);
        expect(c.settings!.distance).toBeLessThanOrEqual(100);
      } else {
        // The target's own run: its largest size's early checkpoints, with the target's parameters.
        const own = ladder.filter((m) => Math.abs(m.params! / target.params! - 1) < 1e-9);
        expect(own.length).toBeGreaterThan(0);
        for (const m of own) expect(m.flops!).toBeLessThanOrEqual(0.5 * target.flops! * (1 + 1e-12));
        expect(c.settings!.distance).toBeGreaterThan(1);
        expect(c.settings!.distance).toBeLessThanOrEqual(10 * (1 + 1e-12));
      }
    });
    expect(checkpointCases(2, 20)[1].study.benchmarks[0].scores).toEqual(cases[1].study.benchmarks[0].scores);
  });

  it('mixes sizes, all finished but the largest, and tops some ladders with an unfinished run', () => {
    let unfinished = 0;
    for (const c of cases) {
      const ladder = c.study.models.filter((m) => m.role === 'ladder');
      const sizes = new Set(ladder.map((m) => m.name.split('@')[0]));
      const finished = ladder.filter((m) => m.name.endsWith('@100%')).length;
      expect(finished).toBeGreaterThanOrEqual(sizes.size - 1);
      expect(sizes.size).toBeGreaterThanOrEqual(3);
      expect(finished).toBeLessThanOrEqual(5);
      expect(ladder.length).toBeGreaterThanOrEqual(4 * sizes.size);
      if (!ladder.at(-1)!.name.endsWith('@100%')) unfinished++;
    }
    expect(unfinished).toBeGreaterThanOrEqual(3);
    expect(unfinished).toBeLessThan(16);
  });
});
