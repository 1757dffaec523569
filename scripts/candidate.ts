/**
 * Would a new candidate help the default? `node bin/run-ts.mjs scripts/candidate.ts <method> [perFamily] [indep]`
 * gathers the suite's evidence (SUITE_METHODS) plus <method>'s on the validation suite (perFamily seeded
 * studies per simulated family and of `checkpoints`, default 16, and the simulated families' tuning-only studies up
 * to TUNING_STUDIES; indep cases, default 6; every real ladder and cut),
 * then prints per family the mean absolute error in points (95%-interval coverage, mean width) of: `default` as
 * shipped, `default` with the method among the candidates under the product rule and under a rule re-tuned on the
 * tuning part, the method alone and every baseline. "held-out" keeps the odd-numbered simulated studies (as
 * docs/ACCURACY.md does), "tuning part" the others (`inTuningPart`), on which the rule is re-tuned and by which a
 * candidate is judged.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  caseRows,
  checkpointCases,
  gatherCase,
  independentCases,
  simulatedCases,
  SIM_FAMILIES,
  SUITE_METHODS,
  SUITE_STUDIES,
  TUNING_STUDIES,
  type CaseEvidence,
  type SuiteRow,
} from '../src/core/evaluate/suite.ts';
import { tuneRule } from '../src/core/evaluate/tuning.ts';
import { checkMethodIds } from '../src/core/methods/catalogue.ts';
import { DEFAULT_CANDIDATES, DEFAULT_RULE } from '../src/core/methods/default.ts';
import { markdownTable } from '../src/cli/backtest.ts';
import { inTuningPart } from './report-heldout.ts';
import { realCases } from './real-cases.ts';

const [method, perFamily = '16', indep = '6'] = process.argv.slice(2);
if (!method) throw new Error('usage: scripts/candidate.ts <method> [perFamily] [indep]');
checkMethodIds([method]);
const cases = [
  ...simulatedCases(Number(perFamily), 500),
  ...simulatedCases(TUNING_STUDIES, 500, Math.max(Number(perFamily), SUITE_STUDIES)),
  ...checkpointCases(Number(perFamily), 500),
  ...independentCases(Number(indep)),
  ...(await realCases(resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/studies'))),
];
const candidates = [...new Set([...DEFAULT_CANDIDATES, method])];
const gatheredMethods = [...new Set([...SUITE_METHODS, method])];
const gathered: CaseEvidence[] = [];
for (const c of cases) {
  gathered.push(gatherCase(c, { candidates: gatheredMethods }));
  process.stderr.write(`${c.label}\n`);
}
const withMethod = { ...DEFAULT_RULE, use: candidates };
const retuned = tuneRule(gathered.filter(inTuningPart), withMethod);
const relabel = (rows: SuiteRow[], as: string) =>
  rows.filter((r) => r.method === 'default').map((r) => ({ ...r, method: as }));
const tuning = new Set(gathered.filter(inTuningPart).map((g) => g.case.label));
const rows: SuiteRow[] = gathered.flatMap((g) => [
  ...caseRows(g, DEFAULT_RULE),
  ...relabel(caseRows(g, withMethod), `default + ${method}`),
  ...relabel(caseRows(g, retuned), `default + ${method}, re-tuned`),
]);

const methods = ['default', `default + ${method}`, `default + ${method}, re-tuned`, method];
methods.push(...SUITE_METHODS.filter((m) => m !== method));
const sims = SIM_FAMILIES as readonly string[];
const families = [...sims, 'all simulated', 'checkpoints', 'indep', 'real', 'real-cut'];

function cell(rs: SuiteRow[]): string {
  const scored = rs.filter((r) => r.error !== null && r.actual !== null);
  if (!scored.length) return '—';
  const mean = scored.reduce((a, r) => a + (r.error as number), 0) / scored.length;
  const inside = (r: SuiteRow) =>
    r.low !== null && r.high !== null && r.actual! >= r.low - 1e-9 && r.actual! <= r.high + 1e-9;
  const width =
    scored.reduce((a, r) => a + (r.low !== null && r.high !== null ? (r.high - r.low) * 100 : 0), 0) /
    scored.length;
  const coverage = (scored.filter(inside).length / scored.length) * 100;
  return `${mean.toFixed(2)} (${coverage.toFixed(0)}%, ${width.toFixed(1)})`;
}

const parts = {
  'held-out': (r: SuiteRow) => !tuning.has(r.label),
  'tuning part': (r: SuiteRow) => tuning.has(r.label),
  'every study': () => true,
};
for (const [part, inPart] of Object.entries(parts)) {
  const keep = rows.filter(inPart);
  const table = families
    .map((f) => {
      const fr = keep.filter((r) => (f === 'all simulated' ? sims.includes(r.family) : r.family === f));
      return fr.length ? [f, ...methods.map((m) => cell(fr.filter((r) => r.method === m)))] : null;
    })
    .filter((row): row is string[] => row !== null);
  console.log(`\n### ${part}\n`);
  console.log(markdownTable(['family', ...methods], table).join('\n'));
}
console.log(`\nRule re-tuned with ${method}: ${JSON.stringify({ ...retuned, use: undefined })}`);
