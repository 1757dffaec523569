/**
 * Graded signals from greedy multiple-choice logs, measured: seeded studies whose questions have latent gold-choice
 * probabilities (the logistic and IRT generators, floored at 1/k), read as greedy 0/1 accuracy and as the gold
 * choice's softmax probability (simulate/choices.ts). COD predicts the target's full-set greedy accuracy from each
 * reading; errors are in points (0–100).
 */
import { runMethods } from '../methods/registry.ts';
import { simulateChoiceLogs, type ChoiceLogStudies } from '../simulate/choices.ts';
import { irtPassRates } from '../simulate/irt.ts';
import { logisticPassRates } from '../simulate/logistic.ts';
import type { Study } from '../study/study.ts';
import { createRandom } from '../util/random.ts';

export type Signal = 'acc (0/1)' | 'gold_prob';
export const SIGNALS: readonly Signal[] = ['acc (0/1)', 'gold_prob'];

export interface GradedCase {
  label: string;
  family: 'logistic' | 'irt';
  ladderSize: number;
  /** Target compute ÷ largest ladder model's compute. */
  distance: number;
  /** Log-likelihood noise, nats. */
  noise: number;
  logs: ChoiceLogStudies;
}

export interface GradedRow {
  label: string;
  family: string;
  signal: Signal;
  method: string;
  benchmark: string;
  /** |predicted − actual| in points, or null when the method gave no number. */
  error: number | null;
  covered: boolean;
}

const LADDERS = [4, 5, 6, 8];
/** Choices per question of the three benchmarks of every case (guess floor 1/k). */
export const GRADED_CHOICES = [4, 4, 2];

/**
 * `n` seeded cases alternating the logistic and IRT generators, ladders of 4, 5, 6 and 8 models in turn, the
 * extrapolation distance (10×–100×), compute span, noise (0.3–1.5 nats) and non-monotone share drawn per case.
 */
export function gradedCases(n = 24, questions = 500): GradedCase[] {
  const out: GradedCase[] = [];
  for (let i = 0; i < n; i++) {
    const seed = 9000 + i;
    const rng = createRandom(seed);
    const family = i % 2 ? 'irt' : 'logistic';
    const ladderSize = LADDERS[Math.floor(i / 2) % LADDERS.length];
    const distance = Math.pow(10, 1 + rng.next());
    const bottom = Math.pow(10, 19 + 2 * rng.next());
    const span = 1.5 + 2 * rng.next();
    const noise = 0.3 + 1.2 * rng.next();
    const nonMonotone = 0.1 + 0.15 * rng.next();
    const ladderFlops = Array.from(
      { length: ladderSize },
      (_, j) => bottom * Math.pow(10, (span * j) / (ladderSize - 1)),
    );
    const targetFlops = ladderFlops[ladderSize - 1] * distance;
    const benchmarks = GRADED_CHOICES.map((k, b) => ({ name: `mc${k}-b${b + 1}`, questions, guess: 1 / k }));
    const base = { seed, ladderFlops, targetFlops, trials: 1, benchmarks, nonMonotone };
    const rates =
      family === 'logistic'
        ? logisticPassRates({ ...base, noise: 0.2 + 0.6 * rng.next() })
        : irtPassRates({
            ...base,
            abilityPerDecade: 0.6 + 1.4 * rng.next(),
            curvature: -0.15 * rng.next(),
            modelNoise: 0.15 * rng.next(),
          });
    const logs = simulateChoiceLogs(
      createRandom(seed + 1),
      { ladderFlops, targetFlops, choices: GRADED_CHOICES, noise },
      rates,
    );
    out.push({
      label: `${family} #${Math.floor(i / 2) + 1} (${ladderSize} models, ${distance.toFixed(0)}×, noise ${noise.toFixed(2)})`,
      family,
      ladderSize,
      distance,
      noise,
      logs,
    });
  }
  return out;
}

/** The rows of one case: each method on each reading of the same logs. */
export function runGradedCase(c: GradedCase, methods: readonly string[] = ['cod']): GradedRow[] {
  const rows: GradedRow[] = [];
  const studies: [Signal, Study][] = [
    ['acc (0/1)', c.logs.binary],
    ['gold_prob', c.logs.graded],
  ];
  for (const [signal, study] of studies) {
    for (const r of runMethods(study, c.logs.target, methods)) {
      for (const b of r.benchmarks) {
        const actual = c.logs.truth[b.benchmark];
        rows.push({
          label: c.label,
          family: c.family,
          signal,
          method: r.method,
          benchmark: b.benchmark,
          error: Number.isFinite(b.predicted) ? Math.abs(b.predicted - actual) * 100 : null,
          covered: b.low <= actual + 1e-9 && actual <= b.high + 1e-9,
        });
      }
    }
  }
  return rows;
}

export interface GradedSummary {
  group: string;
  method: string;
  signal: Signal;
  mean: number;
  median: number;
  worst: number;
  n: number;
  /** Share of predictions whose 95% interval holds the truth, in [0,1]. */
  coverage: number;
  /** Cases (benchmarks) where this signal's error is below the other signal's. */
  wins: number;
}

/** Mean, median and worst error per group (each family and all), method and signal, with head-to-head wins. */
export function summariseGraded(rows: GradedRow[]): GradedSummary[] {
  const out: GradedSummary[] = [];
  const groups: [string, GradedRow[]][] = [
    ...[...new Set(rows.map((r) => r.family))].map((f): [string, GradedRow[]] => [
      f,
      rows.filter((r) => r.family === f),
    ]),
    ['all', rows],
  ];
  const key = (r: GradedRow) => `${r.label}\u0000${r.benchmark}\u0000${r.method}`;
  const bySignal = new Map(
    SIGNALS.map((s) => [s, new Map(rows.filter((r) => r.signal === s).map((r) => [key(r), r]))]),
  );
  for (const [group, rs] of groups) {
    for (const method of [...new Set(rs.map((r) => r.method))]) {
      for (const signal of SIGNALS) {
        const mine = rs.filter((r) => r.method === method && r.signal === signal && r.error !== null);
        const errors = mine.map((r) => r.error as number).sort((a, b) => a - b);
        const n = errors.length;
        const other = bySignal.get(SIGNALS.find((s) => s !== signal)!)!;
        const wins = mine.filter((r) => {
          const o = other.get(key(r));
          return o !== undefined && (o.error === null || (r.error as number) < o.error);
        }).length;
        out.push({
          group,
          method,
          signal,
          mean: n ? errors.reduce((a, b) => a + b, 0) / n : NaN,
          median: n ? (errors[(n - 1) >> 1] + errors[n >> 1]) / 2 : NaN,
          worst: n ? errors[n - 1] : NaN,
          n,
          coverage: n ? mine.filter((r) => r.covered).length / n : NaN,
          wins,
        });
      }
    }
  }
  return out;
}

/** True when `gold_prob` beats 0/1 for `method` over all cases: as many numbers, lower mean, median and worst error. */
export function gradedWins(summary: GradedSummary[], method = 'cod'): boolean {
  const of = (s: Signal) => summary.find((x) => x.group === 'all' && x.method === method && x.signal === s);
  const g = of('gold_prob');
  const b = of('acc (0/1)');
  return !!g && !!b && g.n >= b.n && g.mean < b.mean && g.median < b.median && g.worst < b.worst;
}

const pts = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '—');

/**
 * The report's section on graded signals: how the logs were simulated, the comparison table, the decision rule and
 * its outcome, and `realNote` on real ladders with per-choice log-likelihoods.
 */
export function gradedSection(cases: GradedCase[], rows: GradedRow[], realNote: string): string[] {
  const summary = summariseGraded(rows);
  const methods = [...new Set(rows.map((r) => r.method))];
  const ladders = [...new Set(cases.map((c) => c.ladderSize))].sort((a, b) => a - b);
  const table = [
    '| cases | method | signal | mean | median | worst | n | coverage | wins |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...summary.map(
      (s) =>
        `| ${s.group} | ${s.method} | ${s.signal} | ${pts(s.mean)} | ${pts(s.median)} | ${pts(s.worst)} | ${s.n} | ${pct(s.coverage)} | ${s.wins} |`,
    ),
  ];
  const verdict = methods.map(
    (m) =>
      `\`${m}\`: ${gradedWins(summary, m) ? 'the graded signal wins' : 'the graded signal does not win'} ` +
      '(the rule: as many numbers and a lower mean, median and worst error over all cases).',
  );
  return [
    '## Graded signals from greedy multiple-choice logs',
    '',
    `${cases.length} seeded studies (src/core/evaluate/graded.ts), alternating the logistic and IRT generators, ladders`,
    `of ${ladders.join(', ')} models, 10×–100× extrapolation, three benchmarks of ${cases[0]?.logs.binary.benchmarks[0]?.questions.length ?? 0} questions with`,
    `${GRADED_CHOICES.join(', ')} choices. Each question's latent gold-choice probability is the generator's pass rate`,
    "(guess floor 1/k); each choice's log-likelihood is the log of its latent probability (the distractors share",
    "1 − π by the question's own weights) plus Gaussian noise of 0.3–1.5 nats per question, model and choice. The",
    'same runs are read two ways: `acc (0/1)`, the greedy answer (argmax of the log-likelihoods), and `gold_prob`,',
    "the gold choice's softmax probability, with every ladder model's full-set acc as its metric. Both predict the",
    "target's expected full-set greedy accuracy (200 draws per question). Errors in points; `wins` counts the",
    'benchmarks where that signal has the smaller error.',
    '',
    ...table,
    '',
    ...verdict,
    '',
    `Real ladders: ${realNote}`,
    '',
  ];
}
