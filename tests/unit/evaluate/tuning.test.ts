import { describe, expect, it } from 'vitest';
import {
  caseRows,
  gatherCase,
  independentCases,
  INDEP_QUESTIONS,
  simulatedCases,
} from '../../../src/core/evaluate/suite.ts';
import {
  compareRules,
  RULE_GRID,
  searchedError,
  TRUST_GRID,
  tuneRule,
} from '../../../src/core/evaluate/tuning.ts';
import { DEFAULT_RULE } from '../../../src/core/methods/default.ts';
import type { CombineRule } from '../../../src/core/methods/combine.ts';

describe('the independent-generator-like setting', () => {
  it('has 4 benchmarks of 500–12,000 questions, ladders of 4 or 8, 1/10/100 samples and 25× extrapolation', () => {
    const cases = independentCases(6, 0.01);
    expect(new Set(cases.map((c) => c.settings!.ladderSize))).toEqual(new Set([4, 8]));
    expect(new Set(cases.map((c) => c.settings!.trials))).toEqual(new Set([1, 10, 100]));
    expect([...INDEP_QUESTIONS]).toEqual([500, 2000, 5000, 12000]);
    for (const c of cases) {
      expect(c.family).toBe('indep');
      expect(c.study.benchmarks.length).toBe(4);
      const ladder = c.study.models.filter((m) => m.role === 'ladder').map((m) => m.flops!);
      const target = c.study.models.find((m) => m.name === c.target)!.flops!;
      expect(target / Math.max(...ladder)).toBeCloseTo(25, 6);
    }
  });
});

describe('tuning the rule on part of the suite', () => {
  const cases = simulatedCases(4, 60)
    .filter((c) => c.settings!.ladderSize >= 4)
    .slice(0, 4)
    .map((c) => gatherCase(c));
  const meanError = (r: CombineRule) => {
    const rows = cases
      .flatMap((c) => caseRows(c, r))
      .filter((x) => x.method === 'default' && x.error !== null);
    return rows.reduce((a, x) => a + (x.error as number), 0) / rows.length;
  };
  const tuned = tuneRule(cases);
  it('picks weighting constants, prior and trust no worse on the tuning cases than others in its grids', () => {
    const selfAlone = Math.min(
      ...RULE_GRID.map((g) => meanError({ ...DEFAULT_RULE, ...g, prior: undefined, trust: 1 })),
    );
    expect(meanError(tuned)).toBeLessThanOrEqual(selfAlone + 1e-9);
    const priors = [
      DEFAULT_RULE.prior,
      { irt: 1 },
      { cod: 0.5, 'e2e-exp': 0.5 },
      { 'e2e-passrate': 0.3, largest: 0.3, 'e2e-sigmoid': 0.4 },
    ];
    for (const g of [RULE_GRID[0], RULE_GRID[17], RULE_GRID.at(-1)!])
      for (const prior of priors)
        for (const trust of TRUST_GRID)
          expect(meanError(tuned)).toBeLessThanOrEqual(meanError({ ...tuned, ...g, prior, trust }) + 1e-9);
    expect(tuned.trust).toBeGreaterThanOrEqual(0);
    expect(tuned.prior).toBeDefined();
    expect(tuned.trust).toBeLessThanOrEqual(1);
  });
  it("searches with the default's own arithmetic", () => {
    for (const rule of [
      tuned,
      DEFAULT_RULE,
      { ...DEFAULT_RULE, prior: undefined, trust: 1 },
      { ...DEFAULT_RULE, ...RULE_GRID[40], prior: { irt: 0.3, 'e2e-exp': 0.7 }, trust: 0.6 },
      { ...DEFAULT_RULE, prior: { largest: 1 }, trust: 0 },
    ])
      expect(searchedError(cases, rule)).toBeCloseTo(meanError(rule), 9);
  });
  it('compares two rules by their paired per-benchmark errors', () => {
    const other = { ...DEFAULT_RULE, floor: 0.5, nearBest: 10, prior: undefined, trust: 1 };
    const contest = compareRules(cases, other, DEFAULT_RULE);
    const errors = (r: CombineRule) =>
      cases.flatMap((c) => caseRows(c, r)).filter((x) => x.method === 'default' && x.error !== null);
    const [a, b] = [errors(other), errors(DEFAULT_RULE)];
    expect(contest.rows).toBe(b.length);
    expect(contest.challenger).toBeCloseTo(meanError(other), 9);
    expect(contest.incumbent).toBeCloseTo(meanError(DEFAULT_RULE), 9);
    const d = a.map((x, i) => (x.error as number) - (b[i].error as number));
    const md = d.reduce((s, v) => s + v, 0) / d.length;
    expect(contest.difference).toBeCloseTo(md, 9);
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - md) ** 2, 0) / (d.length - 1));
    expect(contest.standardError).toBeCloseTo(sd / Math.sqrt(d.length), 9);
    expect(contest.standardError).toBeGreaterThan(0);
    expect(compareRules(cases, DEFAULT_RULE, DEFAULT_RULE)).toMatchObject({
      difference: 0,
      standardError: 0,
    });
  });
  it('widens the intervals until they cover at least 95% of the tuning cases', () => {
    const rows = cases
      .flatMap((c) => caseRows(c, tuned))
      .filter((x) => x.method === 'default' && x.error !== null);
    const covered = rows.filter((x) => x.actual! >= x.low! - 1e-9 && x.actual! <= x.high! + 1e-9).length;
    expect(covered / rows.length).toBeGreaterThanOrEqual(0.95);
  });
});
