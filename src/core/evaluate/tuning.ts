/**
 * Choosing the default's rule constants on one part of the validation suite, so the figures on the other part are
 * held out: a grid over the weighting constants (mean absolute error), then the interval width multipliers (the
 * narrowest intervals that cover 95% of the tuning part). Errors in points.
 */
import type { CombineRule } from '../methods/combine.ts';
import { DEFAULT_RULE, defaultFromInput } from '../methods/default.ts';
import type { CaseEvidence } from './suite.ts';

/** The weighting constants tried (γ also scales the self-backtest errors that rank the candidates). */
export const RULE_GRID: Partial<CombineRule>[] = [0, 2].flatMap((alpha) =>
  [0.5, 1, 2, 4].flatMap((floor) =>
    [1.5, 3, 10].flatMap((nearBest) =>
      [1, 2].flatMap((power) => [0.5, 1].map((gamma) => ({ alpha, floor, nearBest, power, gamma }))),
    ),
  ),
);
/** The coverage the width multipliers aim at on the tuning part. */
export const TARGET_COVERAGE = 0.95;

interface Outcome {
  /** The case's label and the benchmark: the row's identity across rules. */
  key: string;
  error: number;
  /** |actual − predicted| ÷ half-width: the interval covers when ≤ 1 (half-width at widthScale 1). */
  ratio: number;
  half: number;
}

/** Per scored row of `method` (default or a candidate), the error and the interval's half-width at scale 1. */
function outcomes(cases: CaseEvidence[], rule: CombineRule, method: string): Outcome[] {
  const out: Outcome[] = [];
  const unit = { ...rule, widthScale: 1, candidateWidthScale: 1 };
  for (const ce of cases) {
    const { result, candidates } = defaultFromInput(ce.input, unit);
    const r = method === 'default' ? result : candidates.find((c) => c.method === method);
    for (const b of r?.benchmarks ?? []) {
      if (b.actual === null || b.status === 'refused' || !Number.isFinite(b.predicted)) continue;
      const below = b.actual < b.predicted;
      const half = below ? b.predicted - b.low : b.high - b.predicted;
      const dev = Math.abs(b.actual - b.predicted);
      out.push({
        key: `${ce.case.label}\u0000${b.benchmark}`,
        error: dev * 100,
        ratio: half > 0 ? dev / half : dev > 0 ? Infinity : 0,
        half: half * 100,
      });
    }
  }
  return out;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * The smallest multiplier of the half-width (in steps of 0.05) under which `coverage` of the rows are covered.
 * Clamped intervals (at 0, 1 or a gate's floor) make this approximate; the suite reports the coverage it gets.
 */
export function widthFor(os: Pick<Outcome, 'ratio'>[], coverage = TARGET_COVERAGE): number {
  const ratios = os.map((o) => o.ratio).sort((a, b) => a - b);
  if (!ratios.length) return 1;
  const q = ratios[Math.min(ratios.length - 1, Math.ceil(coverage * ratios.length) - 1)];
  return Math.max(0.05, Math.ceil(Math.min(q, 20) * 20 - 1e-9) / 20);
}

/** The rule chosen on `cases`: the weighting constants by mean error, then the narrowest widths covering 95%. */
export function tuneRule(cases: CaseEvidence[], base: CombineRule = DEFAULT_RULE): CombineRule {
  let best = base;
  let bestErr = Infinity;
  for (const g of RULE_GRID) {
    const rule = { ...base, ...g };
    const e = mean(outcomes(cases, rule, 'default').map((o) => o.error));
    if (e < bestErr - 1e-9) {
      bestErr = e;
      best = rule;
    }
  }
  return {
    ...best,
    widthScale: widthFor(outcomes(cases, best, 'default')),
    candidateWidthScale: widthFor(outcomes(cases, best, 'cod')),
  };
}

/** A challenger rule against the incumbent on the same cases: the default's mean errors, points. */
export interface RuleContest {
  challenger: number;
  incumbent: number;
  /** Mean of the paired per-benchmark differences, challenger − incumbent (negative: the challenger is better). */
  difference: number;
  /** Standard error of that mean over the benchmarks scored under both. */
  standardError: number;
  rows: number;
}

/**
 * The default's mean error on `cases` under `challenger` and `incumbent`, and their paired difference with its
 * standard error: the suite's rows are few and the default turns on near-ties, so a re-tuned rule is only worth
 * adopting when it is better by more than its standard error.
 */
export function compareRules(
  cases: CaseEvidence[],
  challenger: CombineRule,
  incumbent: CombineRule,
): RuleContest {
  const errors = (rule: CombineRule) =>
    new Map(outcomes(cases, rule, 'default').map((o) => [o.key, o.error]));
  const a = errors(challenger);
  const b = errors(incumbent);
  const pairs = [...a].filter(([k]) => b.has(k)).map(([k, e]) => [e, b.get(k) as number]);
  const n = pairs.length;
  const d = pairs.map(([x, y]) => x - y);
  const difference = mean(d);
  const variance = n > 1 ? d.reduce((s, v) => s + (v - difference) ** 2, 0) / (n - 1) : NaN;
  return {
    challenger: mean(pairs.map((p) => p[0])),
    incumbent: mean(pairs.map((p) => p[1])),
    difference,
    standardError: Math.sqrt(variance / n),
    rows: n,
  };
}
