import { describe, expect, it } from 'vitest';
import { invisibleQuestionFloor, targetOffsetEffect } from '../../../src/core/evaluate/floor.ts';
import { simulatedOptions } from '../../../src/core/evaluate/suite.ts';
import { irtPassRates } from '../../../src/core/simulate/irt.ts';

describe('the floor under the suite’s error', () => {
  it('is nothing when the ladder sees every question, and grows as fewer are seen', () => {
    for (const family of ['logistic', 'irt'] as const) {
      const none = invisibleQuestionFloor(family, 3, 0);
      expect(none).toHaveLength(9);
      expect(none.every((e) => e === 0)).toBe(true);
      const some = invisibleQuestionFloor(family, 3, 0.05);
      const blind = invisibleQuestionFloor(family, 3, 2);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(some)).toBeGreaterThan(0);
      expect(mean(blind)).toBeGreaterThan(mean(some));
    }
  });
  it("moves only the target's column when the target's ability is put on the trend", () => {
    const { sim } = simulatedOptions('irt', 1);
    if (sim.family !== 'irt') throw new Error('expected the IRT generator');
    const drawn = irtPassRates(sim.options);
    const onTrend = irtPassRates(sim.options, undefined, true);
    const nm = sim.options.ladderFlops.length + 1;
    for (let k = 0; k < drawn.length; k++)
      for (let q = 0; q < drawn[k].questions; q++)
        for (let m = 0; m < nm - 1; m++) expect(onTrend[k].p[q * nm + m]).toBe(drawn[k].p[q * nm + m]);
    const effect = targetOffsetEffect(4);
    expect(effect).toHaveLength(12);
    expect(effect.every((e) => Number.isFinite(e) && e >= 0)).toBe(true);
    expect(Math.max(...effect)).toBeGreaterThan(0);
  });
});
