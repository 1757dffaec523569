import { describe, expect, it } from 'vitest';
import {
  codSimBayesFloor,
  irtBayesFloor,
  logisticBayesFloor,
  logisticPosteriorScore,
  logisticPredictorOnCase,
  MIDDLE_LOGISTIC,
  type BayesFloorBenchmark,
} from '../../../src/core/evaluate/bayes-floor.ts';
import { simulatedCases, simulatedOptions } from '../../../src/core/evaluate/suite.ts';
import { simulateLogistic, type LogisticOptions } from '../../../src/core/simulate/logistic.ts';

const SMALL = { perGroup: 3000, mixes: 2000 };
const points = (v: number) => v * 100;
const meanError = (bs: BayesFloorBenchmark[], pick: (b: BayesFloorBenchmark) => number) =>
  bs.reduce((s, b) => s + Math.abs(points(pick(b) - b.truth)), 0) / bs.length;

/** Study `i` of a family with `questions` questions per benchmark and 100 samples per question. */
function hundredSamples(i: number, questions: number) {
  const pick = (family: 'logistic' | 'irt' | 'cod-sim') => simulatedOptions(family, i, questions).sim;
  const [l, r, c] = [pick('logistic'), pick('irt'), pick('cod-sim')];
  if (l.family !== 'logistic' || r.family !== 'irt' || c.family !== 'cod-sim') throw new Error('families');
  return {
    logistic: { ...l.options, trials: 100 },
    irt: { ...r.options, trials: 100 },
    codSim: { ...c.options, trials: 100 },
  };
}

describe('the Bayes floor of the simulated families', () => {
  it("predicts the suite's own draws: the truth is the suite's exact score for every generator", () => {
    const cases = simulatedCases(2, 120, 1);
    const truthOf = (family: string) =>
      (cases.find((c) => c.family === family)?.study.metrics ?? []).map((m) => m.value);
    const { sim: l } = simulatedOptions('logistic', 1, 120);
    const { sim: r } = simulatedOptions('irt', 1, 120);
    const { sim: c } = simulatedOptions('cod-sim', 1, 120);
    if (l.family !== 'logistic' || r.family !== 'irt' || c.family !== 'cod-sim') throw new Error('families');
    expect(logisticBayesFloor(l.options, SMALL).map((b) => b.truth)).toEqual(truthOf('logistic'));
    expect(irtBayesFloor(r.options, SMALL).map((b) => b.truth)).toEqual(truthOf('irt'));
    expect(codSimBayesFloor(c.options, SMALL).map((b) => b.truth)).toEqual(truthOf('cod-sim'));
  });

  it('reads the ladder: under half the error of the prior alone on a 100-sample ladder', () => {
    const o: LogisticOptions = hundredSamples(4, 300).logistic;
    const floor = logisticBayesFloor(o, SMALL);
    expect(floor.every((b) => b.effectiveMixes !== null && b.effectiveMixes >= 1)).toBe(true);
    expect(meanError(floor, (b) => b.knownPopulation)).toBeLessThan(1.5);
    // The same predictor told that every ladder result came from zero samples knows only the prior.
    const sim = simulateLogistic(o);
    const logC = [...o.ladderFlops, o.targetFlops].map(Math.log10);
    const blind = o.benchmarks.map((spec, b) => {
      const bench = sim.study.benchmarks.find((x) => x.name === spec.name);
      if (!bench) throw new Error(spec.name);
      const ladder = sim.study.models
        .filter((m) => m.role === 'ladder')
        .map((m) => bench.models.indexOf(m.name));
      return {
        ...floor[b],
        posterior: logisticPosteriorScore(
          { bench, columns: ladder, trials: 0, logC, guess: spec.guess },
          o,
          { draws: 7, mixes: 8 },
          SMALL,
        ).value,
      };
    });
    expect(meanError(floor, (b) => b.posterior as number)).toBeLessThan(
      meanError(blind, (b) => b.posterior as number) / 2,
    );
  });

  it('is within a point and a half of the truth on 100-sample ladders of the IRT and COD-like generators', () => {
    const studies = hundredSamples(4, 300);
    const irt = irtBayesFloor(studies.irt, SMALL);
    expect(irt.every((b) => b.posterior === null && b.effectiveMixes === null)).toBe(true);
    expect(meanError(irt, (b) => b.knownPopulation)).toBeLessThan(1.5);
    const cod = codSimBayesFloor(studies.codSim, SMALL);
    expect(cod.every((b) => b.posterior === b.knownPopulation)).toBe(true);
    expect(meanError(cod, (b) => b.knownPopulation)).toBeLessThan(1.5);
  });

  it("gives the logistic generator's predictor a score in [0,1] per benchmark of another family's case", () => {
    const [c] = simulatedCases(1, 150).filter((x) => x.family === 'cod-sim');
    const out = logisticPredictorOnCase(c, MIDDLE_LOGISTIC, SMALL);
    expect(out.map((p) => p.name)).toEqual(c.study.benchmarks.map((b) => b.name));
    expect(out.every((p) => p.value >= 0 && p.value <= 1)).toBe(true);
  });
});
