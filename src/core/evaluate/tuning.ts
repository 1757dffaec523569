/**
 * Choosing the default's rule constants on one part of the validation suite, so the figures on the other part are
 * held out: grids over the weighting constants, the stacking prior and its blend with the self-backtests (mean
 * absolute error), then the interval width multipliers (the narrowest intervals that cover 95% of the tuning part).
 * Errors in points.
 */
import type { Combined, CombineRule } from '../methods/combine.ts';
import {
  combinedOf,
  DEFAULT_RULE,
  defaultFromInput,
  directPredictions,
  targetActual,
} from '../methods/default.ts';
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

/** Stacking priors are tried on a simplex grid: every candidate's weight a multiple of 1/PRIOR_STEPS. */
export const PRIOR_STEPS = 10;
/** Shares of the weight the ladder's own self-backtests may get against the stacking prior. */
export const TRUST_GRID: readonly number[] = [0, 0.2, 0.4, 0.6, 0.8, 1];

/** Every way to split `steps` steps of weight over `k` candidates, as fractions of PRIOR_STEPS. */
function simplex(k: number, steps = PRIOR_STEPS): number[][] {
  if (k === 1) return [[steps / PRIOR_STEPS]];
  const out: number[][] = [];
  for (let i = 0; i <= steps; i++)
    for (const rest of simplex(k - 1, steps - i)) out.push([i / PRIOR_STEPS, ...rest]);
  return out;
}

/** One scored benchmark of the tuning cases, in the terms a prior changes. */
interface PriorRow {
  caseIndex: number;
  benchmark: string;
  actual: number;
  /** Each evidence candidate's prediction of the target (`directPredictions`). */
  direct: number[];
  /** The evidence index of each of the rule's candidates (`use` order), −1 where not gathered. */
  used: number[];
  eligible: boolean[];
  fallback: number;
}

/** The benchmarks of `cases` with a known actual score (the eligibility and fallback do not depend on the grid). */
function priorRows(cases: CaseEvidence[], base: CombineRule): PriorRow[] {
  const rows: PriorRow[] = [];
  cases.forEach((ce, caseIndex) => {
    const { evidence: ev, withTarget, target } = ce.input;
    const used = base.use.map((m) => ev.candidates.indexOf(m));
    for (const [benchmark, c] of combinedOf(ce.input, base)) {
      const actual = targetActual(withTarget, benchmark, target.name);
      if (actual === null) continue;
      rows.push({
        caseIndex,
        benchmark,
        actual,
        direct: directPredictions(ev, benchmark),
        used,
        eligible: c.eligible,
        fallback: c.fallback,
      });
    }
  });
  return rows;
}

/** Per row, the prediction of the self-backtests' own weights under `rule` (NaN where they weigh nothing). */
function selfPredictions(cases: CaseEvidence[], rows: PriorRow[], rule: CombineRule): Float64Array {
  const combined = cases.map((ce) => combinedOf(ce.input, rule));
  return Float64Array.from(rows, (r) => {
    const c = combined[r.caseIndex].get(r.benchmark) as Combined;
    if (!c.selfWeights.some((w) => w > 0)) return NaN;
    return c.selfWeights.reduce((a, w, i) => (w > 0 ? a + w * r.direct[i] : a), 0);
  });
}

/** The prior's own prediction on a row (NaN when it weighs nothing there): combineBenchmark's priorWeights. */
function priorPrediction(row: PriorRow, prior: number[]): number {
  let num = 0;
  let den = 0;
  for (let c = 0; c < prior.length; c++) {
    const i = row.used[c];
    if (prior[c] > 0 && i >= 0 && row.eligible[i]) {
      num += prior[c] * row.direct[i];
      den += prior[c];
    }
  }
  return den > 0 ? num / den : NaN;
}

/** The blended prediction, as blendWeights weighs: either alone when the other is NaN, else by `trust`. */
function blended(self: number, prior: number, trust: number, fallback: number): number {
  if (Number.isNaN(prior)) return Number.isNaN(self) ? fallback : self;
  if (Number.isNaN(self)) return prior;
  return trust * self + (1 - trust) * prior;
}

/** Mean absolute error (fraction) of the blended predictions over the rows that have one. */
function blendedError(rows: PriorRow[], self: Float64Array, prior: Float64Array, trust: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const p = blended(self[i], prior[i], trust, rows[i].fallback);
    if (!Number.isFinite(p)) continue;
    sum += Math.abs(Math.min(1, Math.max(0, p)) - rows[i].actual);
    n++;
  }
  return n ? sum / n : Infinity;
}

/**
 * The default's mean absolute error (points) on `cases` under `rule`, by the arithmetic `tuneRule` searches with
 * (it must agree with `defaultFromInput`'s).
 */
export function searchedError(cases: CaseEvidence[], rule: CombineRule): number {
  const rows = priorRows(cases, rule);
  const weights = rule.prior ? rule.use.map((m) => rule.prior?.[m] ?? 0) : null;
  const prior = Float64Array.from(rows, (r) => (weights ? priorPrediction(r, weights) : NaN));
  return blendedError(rows, selfPredictions(cases, rows, rule), prior, rule.trust ?? 1) * 100;
}

/**
 * The rule chosen on `cases`: the weighting constants (RULE_GRID), the stacking prior (a simplex grid over the rule's
 * candidates, or none) and the self-backtests' share of the weight (TRUST_GRID), jointly by mean absolute error; then
 * the narrowest widths covering 95%.
 */
export function tuneRule(cases: CaseEvidence[], base: CombineRule = DEFAULT_RULE): CombineRule {
  const rows = priorRows(cases, base);
  const priors: (number[] | null)[] = [null, ...simplex(base.use.length)];
  const priorPredicted = priors.map((w) => Float64Array.from(rows, (r) => (w ? priorPrediction(r, w) : NaN)));
  let best: { grid: Partial<CombineRule>; prior: number[] | null; trust: number } = {
    grid: {},
    prior: null,
    trust: 1,
  };
  let bestErr = Infinity;
  for (const g of RULE_GRID) {
    const self = selfPredictions(cases, rows, { ...base, ...g });
    priors.forEach((w, k) => {
      const pp = priorPredicted[k];
      for (const trust of w ? TRUST_GRID : [1]) {
        const e = blendedError(rows, self, pp, trust);
        if (e < bestErr - 1e-12) {
          bestErr = e;
          best = { grid: g, prior: w, trust };
        }
      }
    });
  }
  const chosen: CombineRule = {
    ...base,
    ...best.grid,
    prior: best.prior
      ? Object.fromEntries(
          base.use.map((m, c) => [m, (best.prior as number[])[c]]).filter(([, w]) => (w as number) > 0),
        )
      : undefined,
    trust: best.prior ? best.trust : 1,
  };
  return {
    ...chosen,
    widthScale: widthFor(outcomes(cases, chosen, 'default')),
    candidateWidthScale: widthFor(outcomes(cases, chosen, 'cod')),
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
