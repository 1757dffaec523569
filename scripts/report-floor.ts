/**
 * The report's Bayes floors: per simulated family, the error of the best prediction any method could make from the
 * held-out studies' ladders (src/core/evaluate/bayes-floor.ts), beside the default's on the same benchmarks, and the
 * logistic generator's Bayes predictor on every family's held-out studies (how much the floor owes to knowing the
 * generator).
 */
import {
  logisticPredictorOnCase,
  MIDDLE_LOGISTIC,
  suiteBayesFloor,
  type FloorFamily,
} from '../src/core/evaluate/bayes-floor.ts';
import type { CaseEvidence, SuiteRow } from '../src/core/evaluate/suite.ts';
import { fmtPoints, markdownTable } from '../src/cli/backtest.ts';
import { studyIndex } from './report-heldout.ts';

const FLOOR_FAMILIES: readonly FloorFamily[] = ['cod-sim', 'logistic', 'irt', 'indep'];
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const points = (v: number) => (Number.isFinite(v) ? fmtPoints(v) : '—');

/** Per-benchmark errors in points, keyed by case label and benchmark. */
type Errors = Map<string, number>;
const key = (label: string, benchmark: string) => `${label}\u0000${benchmark}`;

/** Families the section reports on: those with a floor, and `checkpoints` for the logistic predictor alone. */
const SECTION_FAMILIES: readonly string[] = [...FLOOR_FAMILIES, 'checkpoints'];

/**
 * Markdown lines of the Bayes-floor section over the held-out cases `heldOut` (the simulated families' among them);
 * `productRows` are the suite's rows under DEFAULT_RULE. `log` reports progress.
 */
export function bayesFloorSection(
  heldOut: CaseEvidence[],
  productRows: SuiteRow[],
  log: (s: string) => void,
): string[] {
  const held = heldOut.filter((e) => SECTION_FAMILIES.includes(e.case.family));
  const bayes: Errors = new Map();
  const known: Errors = new Map();
  const logistic: Errors = new Map();
  const trialsOf = new Map<string, number>();
  for (const e of held) {
    const c = e.case;
    const family = c.family as FloorFamily;
    if (FLOOR_FAMILIES.includes(family))
      for (const b of suiteBayesFloor(family, studyIndex(c.label))) {
        const k = key(c.label, b.name);
        bayes.set(k, Math.abs((b.posterior ?? b.knownPopulation) - b.truth) * 100);
        known.set(k, Math.abs(b.knownPopulation - b.truth) * 100);
        trialsOf.set(k, b.trials);
      }
    const truth = new Map(c.study.metrics.map((m) => [m.benchmark, m.value]));
    for (const p of logisticPredictorOnCase(c))
      logistic.set(key(c.label, p.name), Math.abs(p.value - (truth.get(p.name) as number)) * 100);
    log(`Bayes floor: ${c.label}`);
  }
  const defaultError: Errors = new Map(
    productRows
      .filter((r) => r.method === 'default' && r.error !== null)
      .map((r) => [key(r.label, r.benchmark), r.error as number]),
  );
  const families = [...FLOOR_FAMILIES.slice(0, 3), 'all simulated', 'checkpoints', 'indep'];
  const rows = families.flatMap((f) => {
    const members = f === 'all simulated' ? FLOOR_FAMILIES.slice(0, 3) : [f];
    const labels = new Set(held.filter((e) => members.includes(e.case.family)).map((e) => e.case.label));
    const keys = [...logistic.keys()].filter((k) => labels.has(k.split('\u0000')[0]));
    if (!keys.length) return [];
    const of = (m: Errors) => keys.filter((k) => m.has(k)).map((k) => m.get(k) as number);
    const floor = of(bayes);
    const byTrials = [1, 10, 100].map((t) =>
      points(
        mean(keys.filter((k) => trialsOf.get(k) === t && bayes.has(k)).map((k) => bayes.get(k) as number)),
      ),
    );
    return [
      [
        `${f} (${keys.length} benchmarks)`,
        floor.length === keys.length
          ? `${points(mean(floor))} / ${points(median(floor))} / ${points(Math.max(...floor))}`
          : '—',
        floor.length === keys.length ? byTrials.join(' / ') : '—',
        points(mean(of(known))),
        points(mean(of(logistic))),
        points(mean(of(defaultError))),
      ],
    ];
  });
  return [
    '## What no method can beat: the Bayes floor',
    '',
    "The held-out studies' best possible prediction from their ladders (src/core/evaluate/bayes-floor.ts): the",
    "posterior mean of the target's exact score under the generator's own prior, by importance sampling (15,000",
    'questions drawn from the prior, per difficulty group for the logistic generator, and 20,000 of its difficulty',
    "mixes). It knows the generator's form and the study's settings (ladder, samples, guess floors, noise,",
    "non-monotone share) and sees only the ladder's per-question results; no method can beat it on average. The",
    "COD-like generator's mix of question kinds is a setting, so its floor is exact Bayes; the logistic generator",
    "draws each benchmark's difficulty mix, so its floor integrates over that draw. For the IRT generator only an",
    "oracle is computed that also knows every ladder model's ability and each benchmark's difficulty population (a",
    'floor under the floor); "all simulated" then pools it. "Knowing the population" gives the benchmark\'s own',
    "difficulty mix (logistic) to the same predictor. The next column is the logistic generator's Bayes predictor",
    `(its settings at the middle of the suite's ranges: logit noise ${MIDDLE_LOGISTIC.noise}, non-monotone ` +
      `${MIDDLE_LOGISTIC.nonMonotone * 100}%; the benchmark's guess`,
    'floor) on every family: how much of the floor is owed to knowing the generator. Last, the product default held',
    'out on the same benchmarks. Errors in points per benchmark.',
    '',
    ...markdownTable(
      [
        'family (held out)',
        'Bayes floor: mean / median / worst',
        'Bayes floor by samples: 1 / 10 / 100',
        'knowing the population',
        "logistic generator's Bayes predictor",
        'default held-out',
      ],
      rows,
    ),
    '',
  ];
}
