/**
 * How much of the suite's error no method can recover, on the two generators that draw every question's exact pass
 * rate (logistic and IRT): a floor under the figures of docs/ACCURACY.md, not a method. Errors in points (0–100).
 */
import { irtPassRates } from '../simulate/irt.ts';
import { logisticPassRates } from '../simulate/logistic.ts';
import type { TruePassRates } from '../simulate/assemble.ts';
import { lineFit, type Line } from '../methods/baselines/common.ts';
import { simulatedOptions } from './suite.ts';

/** One benchmark's invisible questions: their exact target pass rates, and what the oracle knows of the study. */
interface Invisible {
  guess: number;
  /** log10(target compute ÷ largest ladder compute). */
  logDistance: number;
  questions: number;
  targets: number[];
}

function invisibleOf(b: TruePassRates, guess: number, logDistance: number, delta: number): Invisible {
  const nm = b.p.length / b.questions;
  const targets: number[] = [];
  for (let q = 0; q < b.questions; q++) {
    let rise = -Infinity;
    for (let m = 0; m < nm - 1; m++) rise = Math.max(rise, b.p[q * nm + m] - guess);
    if (rise < delta * (1 - guess)) targets.push(Math.min(1, Math.max(0, b.p[q * nm + nm - 1])));
  }
  return { guess, logDistance, questions: b.questions, targets };
}

/**
 * Per benchmark of the family's first `count` studies, the error (points) of an oracle that knows every question's
 * exact target pass rate except those the ladder cannot see: within `delta` of the range above their guess floor on
 * every ladder model (exact rates, so even infinitely many samples could not tell them apart). It puts those at their
 * mean target pass rate, a line in log distance per guess floor fitted in hindsight over the family's benchmarks
 * (least squares over the questions). A method that sees only the ladder can tell those questions apart no better;
 * it could guess their mean from the visible ones (the generators draw the shares of emerging questions per
 * benchmark) better than this line does, so the figure is an estimate of the floor, not a proof.
 */
export function invisibleQuestionFloor(family: 'logistic' | 'irt', count = 16, delta = 0.01): number[] {
  const all: Invisible[] = [];
  for (let i = 0; i < count; i++) {
    const { settings, sim } = simulatedOptions(family, i);
    if (sim.family === 'cod-sim')
      throw new Error('the COD-like simulator does not draw per-question pass rates');
    const rates = sim.family === 'logistic' ? logisticPassRates(sim.options) : irtPassRates(sim.options);
    rates.forEach((b, k) =>
      all.push(invisibleOf(b, settings.guesses[k], Math.log10(settings.distance), delta)),
    );
  }
  const line = new Map<number, Line>();
  for (const g of new Set(all.map((b) => b.guess))) {
    const of = all.filter((x) => x.guess === g);
    line.set(
      g,
      lineFit(
        of.flatMap((b) => b.targets.map(() => b.logDistance)),
        of.flatMap((b) => b.targets),
      ),
    );
  }
  return all.map((b) => {
    const fit = line.get(b.guess) as Line;
    const mu = fit.intercept + fit.slope * b.logDistance;
    return (Math.abs(b.targets.reduce((a, t) => a + t - mu, 0)) / b.questions) * 100;
  });
}

/**
 * Per benchmark of the IRT family's first `count` studies, how far (points) the target's own ability offset moves
 * its exact score: the same questions with the target's ability on the curve in log-compute. No ladder shows it.
 */
export function targetOffsetEffect(count = 16): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const { sim } = simulatedOptions('irt', i);
    if (sim.family !== 'irt') throw new Error('expected the IRT generator');
    const drawn = irtPassRates(sim.options);
    const onTrend = irtPassRates(sim.options, undefined, true);
    drawn.forEach((b, k) => {
      const nm = b.p.length / b.questions;
      let d = 0;
      for (let q = 0; q < b.questions; q++) d += b.p[q * nm + nm - 1] - onTrend[k].p[q * nm + nm - 1];
      out.push((Math.abs(d) / b.questions) * 100);
    });
  }
  return out;
}
