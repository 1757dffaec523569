/**
 * The report's held-out validation: the default's rule constants chosen on a tuning part of the suite only, and the
 * figures on the parts it never saw (odd seeds, a whole simulated family left out in turn, the independent-generator-
 * like setting, the real ladders), beside the in-sample figures of a rule tuned on every simulated study.
 */
import {
  caseRows,
  summariseSuite,
  SIM_FAMILIES,
  SUITE_METHODS,
  SUITE_STUDIES,
  TUNING_STUDIES,
  type CaseEvidence,
  type SuiteRow,
} from '../src/core/evaluate/suite.ts';
import { compareRules, tuneRule } from '../src/core/evaluate/tuning.ts';
import type { CombineRule } from '../src/core/methods/combine.ts';
import { DEFAULT_CANDIDATES, DEFAULT_RULE } from '../src/core/methods/default.ts';
import { fmtPoints, markdownTable } from '../src/cli/backtest.ts';

/** The index (from 0) of a simulated study in its family, from its label ("logistic #3 (…)" is study 2). */
export const studyIndex = (label: string): number => Number(/#(\d+)/.exec(label)?.[1] ?? 1) - 1;
const seedOf = (c: CaseEvidence) => studyIndex(c.case.label);
const isSim = (c: CaseEvidence) => (SIM_FAMILIES as string[]).includes(c.case.family);
/**
 * The tuning part: the even-numbered of the first SUITE_STUDIES studies of the three simulated families, and every
 * later one (drawn for tuning only).
 */
export const inTuningPart = (c: CaseEvidence): boolean =>
  isSim(c) && (seedOf(c) % 2 === 0 || seedOf(c) >= SUITE_STUDIES);

const priorText = (r: CombineRule) =>
  r.prior && (r.trust ?? 1) < 1
    ? `, ${((r.trust ?? 1) * 100).toFixed(0)}% by the self-backtests and the rest by the prior ` +
      Object.entries(r.prior)
        .map(([m, w]) => `${m} ${(w * 100).toFixed(0)}%`)
        .join(', ')
    : ', no prior';
const ruleText = (r: CombineRule) =>
  `α ${r.alpha}, floor ${r.floor}, near-best ${r.nearBest}×, power ${r.power}, γ ${r.gamma}, ` +
  `width × ${r.widthScale.toFixed(2)} (cod × ${r.candidateWidthScale.toFixed(2)})${priorText(r)}`;
const same = (a: CombineRule, b: CombineRule) =>
  (['alpha', 'floor', 'nearBest', 'power', 'gamma', 'widthScale', 'candidateWidthScale'] as const).every(
    (k) => Math.abs(a[k] - b[k]) < 1e-9,
  ) && priorText(a) === priorText(b);
/** The product rule without its stacking prior: the self-backtests alone weigh the candidates. */
const SELF_ALONE: CombineRule = { ...DEFAULT_RULE, prior: undefined, trust: 1 };

/**
 * Whether the rule re-tuned in this run should replace DEFAULT_RULE: only when it is better on the tuning part by more
 * than one paired standard error (the default turns on near-ties, and re-tuning on noise moves the held-out figures).
 */
function contestText(tuning: CaseEvidence[], tuned: CombineRule): string {
  if (same(tuned, DEFAULT_RULE)) return ' (the same).';
  const c = compareRules(tuning, tuned, DEFAULT_RULE);
  const verdict =
    c.difference < -c.standardError
      ? 'better by more than one standard error: update DEFAULT_RULE'
      : 'not better by more than one standard error, so the product rule stays';
  return (
    `, which differs: on the tuning part ${fmtPoints(c.challenger)} against the product rule's ` +
    `${fmtPoints(c.incumbent)} (paired difference ${c.difference.toFixed(2)} ± ${c.standardError.toFixed(2)} over ` +
    `${c.rows} benchmarks), ${verdict}.`
  );
}

/** Mean error of the candidate that was best on each benchmark, chosen with hindsight (a floor for any selection). */
function hindsight(rows: SuiteRow[], methods: string[]): string {
  const best = new Map<string, number>();
  for (const r of rows) {
    if (!methods.includes(r.method) || r.error === null) continue;
    const k = `${r.label}\u0000${r.benchmark}`;
    best.set(k, Math.min(best.get(k) ?? Infinity, r.error));
  }
  const es = [...best.values()];
  return es.length ? fmtPoints(es.reduce((a, b) => a + b, 0) / es.length) : '—';
}

function cell(rows: SuiteRow[], method: string): string {
  const s = summariseSuite(rows.map((r) => ({ ...r, family: 'real' }))).find((x) => x.method === method);
  if (!s || !s.n) return '—';
  return `${fmtPoints(s.mean)} (${(s.coverage * 100).toFixed(0)}%, ${fmtPoints(s.width)})`;
}

/** Markdown lines of the held-out section; `productRows` are the suite's rows under DEFAULT_RULE. */
export function heldOutSection(cases: CaseEvidence[], productRows: SuiteRow[]): string[] {
  const tuned = tuneRule(cases.filter(inTuningPart));
  const inSample = tuneRule(cases.filter(isSim));
  const lofo = new Map(
    SIM_FAMILIES.map((f) => [f, tuneRule(cases.filter((c) => isSim(c) && c.case.family !== f))]),
  );
  const rowsUnder = (cs: CaseEvidence[], r: CombineRule) => cs.flatMap((c) => caseRows(c, r));
  const methods = [...SUITE_METHODS];
  const table: string[][] = [];
  const groups: [string, CaseEvidence[]][] = [
    ...SIM_FAMILIES.map((f) => [f, cases.filter((c) => c.case.family === f)] as [string, CaseEvidence[]]),
    ['all simulated', cases.filter(isSim)],
    ...(['checkpoints', 'indep', 'real', 'real-cut', 'real-agg'] as const).map(
      (f) => [f, cases.filter((c) => c.case.family === f)] as [string, CaseEvidence[]],
    ),
  ];
  for (const [name, cs] of groups) {
    if (!cs.length) continue;
    const held = cs.filter((c) => !inTuningPart(c));
    const labels = new Set(held.map((c) => c.case.label));
    const product = productRows.filter((r) => labels.has(r.label));
    const family = cs[0].case.family;
    const lofoRule = lofo.get(family);
    const lofoRows =
      name === 'all simulated'
        ? SIM_FAMILIES.flatMap((f) =>
            rowsUnder(
              cs.filter((c) => c.case.family === f),
              lofo.get(f) as CombineRule,
            ),
          )
        : lofoRule
          ? rowsUnder(cs, lofoRule)
          : [];
    table.push([
      `${name} (${held.length} held-out studies)`,
      cell(rowsUnder(cs, inSample), 'default'),
      cell(product, 'default'),
      cell(
        held.flatMap((c) => caseRows(c, DEFAULT_RULE, false)),
        'default',
      ),
      cell(
        held.flatMap((c) => caseRows(c, SELF_ALONE)),
        'default',
      ),
      lofoRows.length ? cell(lofoRows, 'default') : '—',
      cell(rowsUnder(held, tuneRule(held)), 'default'),
      ...methods.map((m) => cell(product, m)),
      hindsight(product, [...DEFAULT_CANDIDATES]),
    ]);
  }
  return [
    '## Held-out validation',
    '',
    "The rule's constants (how self-backtests are weighted, the error floor, which candidates share the weight, the",
    "distance exponent γ, the stacking prior and the self-backtests' share of the weight, and the interval widths)",
    'are chosen by `tuneRule` (src/core/evaluate/tuning.ts) on a tuning part only: the even-numbered of the first',
    `${SUITE_STUDIES} studies of the three tuning families (cod-sim, logistic, irt) and their studies ${SUITE_STUDIES + 1}–${TUNING_STUDIES}, drawn`,
    'for tuning only (the `checkpoints` family is fully held out). The product rule (`DEFAULT_RULE`):',
    `${ruleText(DEFAULT_RULE)}; tuned on the tuning part in this run: ${ruleText(tuned)}` +
      contestText(cases.filter(inTuningPart), tuned),
    '',
    'Mean absolute error in points (coverage of the 95% interval, mean width in points). "in-sample": a rule tuned on',
    'every study of the three tuning families, evaluated on them (on the other rows: that rule on every case);',
    '"held-out": the product rule on the studies outside the tuning part (odd-numbered studies of the three tuning',
    'families, and every `checkpoints`, `indep`, `real`, `real-cut` and `real-agg` case, none of them ever tuned on);',
    '"self-backtests alone": the same without the stacking prior (the ladder\'s self-backtests weigh the candidates',
    'alone, as before 5 December); "no',
    'below-ladder rule": the same without the rule that sets aside candidates predicting less than the ladder\'s best',
    'score (less twice its noise) while another is not — a rule found on the real ladders, which the `checkpoints`',
    'family (added after it) tests;',
    '"family left out": a rule tuned on the other two tuning families, evaluated on this one; "rule tuned in',
    'hindsight": a rule tuned on the very held-out studies it is scored on: the best that the tuning grid of the',
    "rule's constants, priors and trust could weigh these candidates there. Every candidate of the",
    'default on the same held-out studies, and BNSL, which it does not weigh (on simulated studies every method is',
    'scored against the exact expected score); the last column is the mean error of whichever candidate of the',
    'default was best on each benchmark, chosen with hindsight: the floor of any rule that picks one of them per',
    'benchmark.',
    '',
    ...markdownTable(
      [
        'family',
        'default in-sample',
        'default held-out',
        'default held-out, no below-ladder rule',
        'default held-out, self-backtests alone',
        'default, family left out',
        'default, rule tuned in hindsight',
        ...methods,
        'best candidate in hindsight',
      ],
      table,
    ),
    '',
    `Rule tuned on every simulated study (in-sample): ${ruleText(inSample)}.`,
    ...SIM_FAMILIES.map((f) => `Rule tuned without ${f}: ${ruleText(lofo.get(f) as CombineRule)}.`),
    '',
  ];
}
