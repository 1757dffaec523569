import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitLaw, toLawUnits } from '../../src/core/fit/index.ts';
import { backtestStudy } from '../../src/core/evaluate/backtest.ts';
import { simulateLogistic } from '../../src/core/simulate/logistic.ts';
import { simulateIrt } from '../../src/core/simulate/irt.ts';
import {
  DEFAULT_CANDIDATES,
  DEFAULT_RULE,
  predictDefault,
  predictabilityGate,
} from '../../src/core/methods/default.ts';
import { lowestConsistentScore } from '../../src/core/methods/gate.ts';
import { gatherEvidence, keptCounts } from '../../src/core/methods/evidence.ts';
import { DEFAULT_PARAMS } from '../../src/core/study/params.ts';
import { excludeTarget, withMetricBenchmarks } from '../../src/core/study/study.ts';
import {
  caseRows,
  checkpointCases,
  gatherCase,
  summariseSuite,
  simulatedCases,
  type SuiteRow,
} from '../../src/core/evaluate/suite.ts';
import { fitSigmoid, sigmoidAt } from '../../src/core/methods/baselines/sigmoid.ts';
import { endToEndExp } from '../../src/core/methods/baselines/index.ts';
import { columnMean, fullSetScore } from '../../src/core/study/study.ts';

const ladder = [1e20, 1e21, 1e22, 1e23];
const bench = [
  { name: 'open', questions: 200, guess: 0 },
  { name: 'mc', questions: 200, guess: 0.25 },
];

describe('per-question logistic generator', () => {
  const o = {
    seed: 3,
    ladderFlops: ladder,
    targetFlops: 3e24,
    trials: 100,
    benchmarks: bench,
    nonMonotone: 0.2,
    noise: 0.3,
  };
  it('is deterministic for a seed and differs across seeds', () => {
    const a = simulateLogistic(o);
    expect(simulateLogistic(o).truth).toEqual(a.truth);
    expect(simulateLogistic({ ...o, seed: 4 }).truth).not.toEqual(a.truth);
  });
  it('keeps multiple-choice scores above the guess floor and the truth near the sampled target score', () => {
    const s = simulateLogistic(o);
    const mc = s.study.benchmarks.find((b) => b.name === 'mc')!;
    for (const v of mc.scores) expect(v).toBeGreaterThanOrEqual(0.1);
    const t = mc.models.indexOf(s.target.name);
    expect(Math.abs(columnMean(mc, t) - s.truth.mc)).toBeLessThan(0.02);
    expect(s.study.metrics.find((m) => m.benchmark === 'mc')!.value).toBe(s.truth.mc);
  });
  it('grows with compute on average and has non-monotone questions', () => {
    const s = simulateLogistic({ ...o, nonMonotone: 0.25 });
    const b = s.study.benchmarks[0];
    const means = b.models.map((_, m) => columnMean(b, m));
    expect(means[b.models.length - 1]).toBeGreaterThan(means[0]);
    let falls = 0;
    for (let q = 0; q < b.questions.length; q++) if (b.scores[q * 5 + 3] < b.scores[q * 5] - 0.3) falls++;
    expect(falls).toBeGreaterThan(5);
  });
});

describe('IRT generator', () => {
  it('without noise or negative discrimination, every ladder step raises the mean score', () => {
    const s = simulateIrt({
      seed: 1,
      ladderFlops: ladder,
      targetFlops: 1e24,
      trials: 100,
      benchmarks: bench,
      nonMonotone: 0,
      abilityPerDecade: 1,
      curvature: 0,
      modelNoise: 0,
    });
    for (const b of s.study.benchmarks) {
      const means = b.models.map((_, m) => columnMean(b, m));
      for (let m = 1; m < means.length; m++) expect(means[m]).toBeGreaterThan(means[m - 1]);
    }
  });
});

describe('the default method', () => {
  const sim = simulateIrt({
    seed: 5,
    ladderFlops: [1e20, 3e20, 1e21, 3e21, 1e22],
    targetFlops: 2e23,
    trials: 10,
    benchmarks: bench,
    nonMonotone: 0.1,
    abilityPerDecade: 1.2,
    curvature: 0,
    modelNoise: 0.05,
  });
  const r = predictDefault(sim.study, sim.target, {
    candidates: ['e2e-exp', 'e2e-passrate', 'e2e-sigmoid', 'largest'],
  });
  it('weights candidates by the self-backtest and says so', () => {
    for (const b of r.benchmarks) {
      expect(b.method).toBe('default');
      const e = b.explanation!;
      expect(e.candidates.map((c) => c.method)).toEqual([
        'e2e-exp',
        'e2e-passrate',
        'e2e-sigmoid',
        'largest',
      ]);
      expect(e.candidates.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 9);
      const used = e.candidates.filter((c) => c.weight > 0);
      const pred = used.reduce((a, c) => a + c.weight * (c.predicted as number), 0);
      expect(b.predicted).toBeCloseTo(pred, 9);
      expect(e.rule).toMatch(/self-backtest/);
      expect(b.low).toBeLessThanOrEqual(b.predicted);
      expect(b.high).toBeGreaterThanOrEqual(b.predicted);
      expect(b.error).not.toBeNull();
    }
  });
  it("self-backtests hold back the two largest ladder models and reach the target's distance", () => {
    const ladder = [1e20, 3e20, 1e21, 3e21, 1e22].map((flops) => ({ flops }));
    const logTarget = Math.log(2e23 / 1e22);
    const top = keptCounts(ladder, 4, logTarget);
    expect(top[0]).toBe(4);
    // The longest self-backtest predicts 1e22 from a ladder ending at most 20× below it: 3e20 (2 models).
    expect(Math.min(...top)).toBe(2);
    for (const k of keptCounts(ladder, 3, logTarget)) expect(k).toBeLessThanOrEqual(3);
    const s = withMetricBenchmarks(excludeTarget(sim.study, sim.target));
    const ev = gatherEvidence(s, sim.target, ['e2e-exp', 'e2e-passrate', 'e2e-sigmoid'], DEFAULT_PARAMS);
    expect(new Set(ev.tasks.map((t) => t.held)).size).toBe(2);
    expect(ev.tasks.some((t) => t.models === 2)).toBe(true);
    for (const t of ev.tasks)
      for (const bench of ev.benchmarks) {
        // e2e-exp counts only where it fitted its own four-parameter form (four ladder models or more), the
        // sigmoid only where it fitted its guess floor (three or more).
        expect(Number.isFinite(t.predicted[bench][0])).toBe(t.models >= 4);
        expect(Number.isFinite(t.predicted[bench][1])).toBe(true);
        expect(Number.isFinite(t.predicted[bench][2])).toBe(t.models >= 3);
        expect(t.logDistance).toBeGreaterThan(0);
      }
  });
  it('the product default weighs the per-question item-response fit and the sigmoid, each with its own self-backtest', () => {
    expect(DEFAULT_RULE.use).toEqual(DEFAULT_CANDIDATES);
    const product = predictDefault(sim.study, sim.target);
    for (const b of product.benchmarks) {
      const e = b.explanation!;
      expect(e.candidates.map((c) => c.method)).toEqual([...DEFAULT_CANDIDATES]);
      for (const m of ['irt', 'e2e-sigmoid']) {
        const c = e.candidates.find((x) => x.method === m)!;
        expect(c.predicted).not.toBeNull();
        expect(c.selfError).not.toBeNull();
      }
      expect(e.candidates.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 9);
    }
  });
  it("ranks candidates by the study's self-backtest error, the same on every benchmark", () => {
    const errorsOf = (m: string) =>
      r.benchmarks.map((b) => b.explanation!.candidates.find((c) => c.method === m)!.selfError);
    const pass = errorsOf('e2e-passrate');
    expect(pass[0]).not.toBeNull();
    expect(new Set(pass).size).toBe(1);
  });
  it('a three-model ladder still gets a number with an interval and a warning', () => {
    const short = {
      ...sim.study,
      models: sim.study.models.map((m, i) => (i < 2 ? { ...m, role: 'ignore' as const } : m)),
    };
    const s = predictDefault(short, sim.target, { candidates: ['cod', 'e2e-exp', 'largest'] });
    for (const b of s.benchmarks) {
      expect(Number.isFinite(b.predicted)).toBe(true);
      expect(b.high - b.low).toBeGreaterThan(0);
      expect(b.warnings.join(' ')).toMatch(/only 3 ladder models/);
    }
    const exp = endToEndExp(short, sim.target).benchmarks[0];
    expect(exp.status).toBe('ok');
    expect(exp.warnings[0]).toMatch(/two-parameter/);
  });
  it('its interval reaches the predictions of the candidates the ladder is too short to test', () => {
    // Four ladder models: e2e-exp predicts the target but no self-backtest keeps the four models it needs.
    const four = {
      ...sim.study,
      models: sim.study.models.map((m, i) => (i < 1 ? { ...m, role: 'ignore' as const } : m)),
    };
    expect(four.models.filter((m) => m.role === 'ladder').length).toBe(4);
    const s = predictDefault(four, sim.target, { candidates: ['e2e-exp', 'largest'] });
    for (const b of s.benchmarks) {
      const exp = b.explanation!.candidates.find((c) => c.method === 'e2e-exp')!;
      expect([exp.selfError, exp.weight]).toEqual([null, 0]);
      expect(exp.predicted).not.toBeNull();
      expect(b.low).toBeLessThanOrEqual(exp.predicted!);
      expect(b.high).toBeGreaterThanOrEqual(exp.predicted!);
      expect(b.warnings.join(' ')).toMatch(
        /reaches the predictions of e2e-exp, which the ladder is too short/,
      );
    }
  });
});

describe('predictability gate', () => {
  it('flags flat, non-monotone and far ladders, and passes a growing one', () => {
    const f = [1e20, 1e21, 1e22, 1e23];
    expect(predictabilityGate([0.3, 0.4, 0.5, 0.6], f, 1000, 1e24)).toEqual([]);
    expect(predictabilityGate([0.3, 0.3, 0.31, 0.3], f, 1000, 1e24)[0]).toMatch(/flat/);
    expect(predictabilityGate([0.3, 0.5, 0.35, 0.6], f, 1000, 1e24).join()).toMatch(/not monotone/);
    expect(predictabilityGate([0.3, 0.4, 0.5, 0.6], f, 1000, 1e26).join()).toMatch(/1000× beyond/);
  });
  it("takes the ladder's best score (wherever it is) less twice its sampling noise as the lowest consistent score", () => {
    // A checkpoint ladder whose largest models score below a smaller one: the best score counts, not the last.
    expect(lowestConsistentScore([0.02, 0.46, 0.086, 0.074], 200)).toBeCloseTo(
      0.46 - 2 * Math.sqrt((0.46 * 0.54) / 500),
      12,
    );
    expect(lowestConsistentScore([0.3, 0.5], 10_000)).toBeCloseTo(0.5 - 2 * Math.sqrt(0.25 / 10_000), 12);
    // Never closer than one point below the best score, and nothing without a ladder.
    expect(lowestConsistentScore([0.001, 0.002], 100_000)).toBeCloseTo(0.002 - 0.01, 12);
    expect(lowestConsistentScore([], 100)).toBe(-Infinity);
  });
});

describe('sigmoid in log-compute', () => {
  it('recovers an exact sigmoid with a guess floor', () => {
    const flops = [1e19, 1e20, 1e21, 1e22, 1e23];
    const y = flops.map((c) => 0.25 + 0.75 / (1 + Math.exp(-(1.5 * (Math.log10(c) - 21.5)))));
    const f = fitSigmoid(flops, y)!;
    expect(f.g).toBe(0.25);
    expect(f.k).toBeCloseTo(1.5, 6);
    expect(sigmoidAt(f, 1e24).value).toBeCloseTo(0.25 + 0.75 / (1 + Math.exp(-3.75)), 6);
  });
});

describe('suite summaries', () => {
  it('computes mean, median, worst, coverage and width per family', () => {
    const row = (family: SuiteRow['family'], error: number, inside: boolean): SuiteRow => ({
      family,
      label: 'x',
      method: 'm',
      benchmark: 'b',
      predicted: 0.5,
      actual: 0.5 + error / 100,
      error,
      low: 0.4,
      high: inside ? 0.6 + error / 100 : 0.5,
      status: 'ok',
      note: '',
    });
    const s = summariseSuite([
      row('irt', 1, true),
      row('irt', 3, false),
      row('irt', 8, true),
      row('logistic', 2, true),
    ]);
    const irt = s.find((x) => x.family === 'irt')!;
    expect([irt.mean, irt.median, irt.worst, irt.n]).toEqual([4, 3, 8, 3]);
    expect(irt.coverage).toBeCloseTo(2 / 3, 9);
    expect(irt.width).toBeCloseTo((21 + 10 + 28) / 3, 9);
    expect(s.find((x) => x.family === 'all simulated')!.n).toBe(4);
  });
  it("scores every method of a simulated case against the target's exact expected score, not its draws", () => {
    const c = simulatedCases(1, 300)[0];
    expect(c.exactTruth).toBe(true);
    const target = c.study.models.find((m) => m.name === c.target)!;
    const rows = caseRows(gatherCase(c, { candidates: ['e2e-exp', 'e2e-passrate', 'largest'] }));
    for (const bench of c.study.benchmarks) {
      const truth = c.study.metrics.find((m) => m.model === target.name && m.benchmark === bench.name)!.value;
      const drawn = columnMean(bench, bench.models.indexOf(target.name));
      expect(Math.abs(drawn - truth)).toBeGreaterThan(1e-4);
      const mine = rows.filter((r) => r.benchmark === bench.name);
      expect(mine.map((r) => r.method)).toEqual(['default', 'e2e-exp', 'e2e-passrate', 'largest']);
      for (const r of mine) {
        expect(r.actual).toBe(truth);
        expect(r.error).toBeCloseTo(Math.abs((r.predicted as number) - truth) * 100, 9);
      }
    }
  });
  it("gathers BNSL beside the default's candidates without weighing it: the suite's default is the product's", () => {
    expect(DEFAULT_CANDIDATES).not.toContain('bnsl');
    const c = simulatedCases(1, 200)[0];
    const rows = caseRows(gatherCase(c));
    expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['default', ...DEFAULT_CANDIDATES, 'bnsl']));
    const sub = backtestStudy(c.study, c.target);
    const flops = sub.models.find((m) => m.name === c.target)!.flops!;
    const product = predictDefault(sub, { name: c.target, flops });
    for (const b of product.benchmarks) {
      const suite = rows.find((r) => r.method === 'default' && r.benchmark === b.benchmark)!;
      expect([suite.predicted, suite.low, suite.high]).toEqual([b.predicted, b.low, b.high]);
      expect(b.explanation!.candidates.map((x) => x.method)).toEqual([...DEFAULT_CANDIDATES]);
    }
  });
  it('builds 48 seeded studies over the settings', () => {
    const cases = simulatedCases(16, 20);
    expect(cases.length).toBe(48);
    const set = (k: 'trials' | 'ladderSize') =>
      [...new Set(cases.map((c) => c.settings![k]))].sort((a, b) => a - b);
    expect(set('trials')).toEqual([1, 10, 100]);
    expect(set('ladderSize')).toEqual([3, 4, 6, 8]);
    for (const c of cases) {
      expect(c.settings!.distance).toBeGreaterThanOrEqual(10);
      expect(c.settings!.distance).toBeLessThanOrEqual(100);
    }
  });
});

describe('BNSL on the suite', () => {
  it('converges on every reference fixture and on every 8-model ladder of the suite', () => {
    const ref = JSON.parse(
      readFileSync(resolve(__dirname, '../../../shared/reference/curve_fits/bnsl_1break.json'), 'utf8'),
    );
    for (const c of ref.expected.cases as { C: number[]; acc: number[] }[])
      expect(fitLaw('bnsl', c.C, c.acc).converged).toBe(true);
    let fits = 0;
    for (const c of simulatedCases(16, 60)) {
      if (c.settings!.ladderSize < 8 || fits >= 12) continue;
      for (const b of c.study.benchmarks) {
        const ladder = c.study.models.filter((m) => m.role === 'ladder');
        const y = ladder.map((m) => fullSetScore(c.study, b, m.name));
        const fit = fitLaw(
          'bnsl',
          ladder.map((m) => toLawUnits(m.flops!)),
          y,
        );
        expect(fit.converged, `${c.label} ${b.name}: ${fit.reason}`).toBe(true);
        fits++;
      }
    }
    expect(fits).toBe(12);
  });

  it('converges on every ladder of the checkpoints family, naming the bounds that hold a boxed fit', () => {
    let boxed = 0;
    for (const c of checkpointCases(16, 100)) {
      const ladder = c.study.models.filter((m) => m.role === 'ladder');
      for (const b of c.study.benchmarks) {
        const fit = fitLaw(
          'bnsl',
          ladder.map((m) => toLawUnits(m.flops!)),
          ladder.map((m) => fullSetScore(c.study, b, m.name)),
        );
        expect(fit.converged, `${c.label} ${b.name}: ${fit.reason}`).toBe(true);
        if (!fit.reason) continue;
        boxed++;
        fit.atBounds.forEach((held, j) => {
          if (held) expect(fit.reason).toMatch(new RegExp(`${fit.paramNames[j]} (at|held) `));
        });
      }
    }
    // checkpoints interleave sizes: many of their ladders need the box (30 of the report's 48)
    expect(boxed).toBeGreaterThan(0);
  });
});
