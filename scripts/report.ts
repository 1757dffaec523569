/**
 * `npm run report`: regenerates docs/ACCURACY.md from the validation suite (src/core/evaluate/suite.ts: simulated
 * studies from four generators, the real studies in ../shared/data/studies and the real full-set-score ladders of
 * ObsScaling's table, sloth's leaderboard table and Pythia's own results), from the simulated families' Bayes floors
 * and from ablations. Every number in the document comes from this run.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusteringAblation, lawAblation } from '../src/core/evaluate/ablation.ts';
import { backtest, backtestStudy } from '../src/core/evaluate/backtest.ts';
import {
  caseRows,
  checkpointCases,
  gatherCase,
  independentCases,
  simulatedCases,
  summariseSuite,
  SUITE_STUDIES,
  TUNING_STUDIES,
  type CaseEvidence,
  type SuiteRow,
} from '../src/core/evaluate/suite.ts';
import { heldOutSection, inTuningPart } from './report-heldout.ts';
import { bayesFloorSection } from './report-floor.ts';
import { DEFAULT_RULE } from '../src/core/methods/default.ts';
import { realCases } from './real-cases.ts';
import { aggregateCases } from './aggregate-cases.ts';
import { realChoiceLadders } from './graded-real.ts';
import { gradedCases, gradedSection, runGradedCase } from '../src/core/evaluate/graded.ts';
import { DEFAULT_PARAMS, SMOOTH_BELOW_SAMPLES } from '../src/core/study/params.ts';
import { simulateStudy } from '../src/core/simulate/simulate.ts';
import { ablationTable } from '../src/cli/ablate.ts';
import { fmtPoints, formatBacktest, loadStudy, markdownTable, withAnchors } from '../src/cli/backtest.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const studies = resolve(repo, '../shared/data/studies');
const started = Date.now();
const log = (s: string) =>
  process.stderr.write(`[report ${((Date.now() - started) / 1000).toFixed(0)}s] ${s}\n`);

/** formatBacktest's headings, demoted to sit under the report's own. */
const nested = (lines: string[]) => lines.map((l) => (l.startsWith('### ') ? `#####${l.slice(3)}` : l));
const pct = (v: number | undefined) =>
  v !== undefined && Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '—';

async function main(): Promise<void> {
  const out: string[] = [];

  // The validation suite: 64 seeded simulated studies from four generators, the independent-generator-like
  // setting, then the real ladders, their cuts and the real full-set-score ladders. Every candidate is fitted once per case; rules are re-combined.
  const cases = [
    ...simulatedCases(SUITE_STUDIES, 500),
    ...checkpointCases(16, 500),
    ...independentCases(6),
    ...(await realCases(studies)),
    ...(await aggregateCases(resolve(repo, '../shared/data'))),
  ];
  const gathered: CaseEvidence[] = [];
  for (const c of cases) {
    gathered.push(gatherCase(c));
    log(c.label);
  }
  const tuningOnly: CaseEvidence[] = [];
  for (const c of simulatedCases(TUNING_STUDIES, 500, SUITE_STUDIES)) {
    tuningOnly.push(gatherCase(c));
    log(c.label);
  }
  const suiteRows: SuiteRow[] = gathered.flatMap((g) => caseRows(g, DEFAULT_RULE));
  const heldOut = heldOutSection([...gathered, ...tuningOnly], suiteRows);
  log('held-out validation');
  const floor = bayesFloorSection(
    gathered.filter((g) => !inTuningPart(g)),
    suiteRows,
    log,
  );
  const withoutBelowLadderRule = gathered
    .flatMap((g) => caseRows(g, DEFAULT_RULE, false))
    .filter((r) => r.method === 'default')
    .map((r) => ({ ...r, method: 'default, no below-ladder rule' }));
  const suite = summariseSuite([...suiteRows, ...withoutBelowLadderRule]);
  const families = [...new Set(suite.map((s) => s.family))];

  // Table-1 backtests of the real studies with every method, and an anchor.
  const mmluStudy = await loadStudy([`${studies}/mmlu_pro.models.csv`, `${studies}/mmlu_pro.scores.csv`]);
  if (!mmluStudy) throw new Error(`could not read the studies in ${studies}`);
  const mmluAnchor = backtest(withAnchors(mmluStudy, ['Meta-Llama-3-70B']), {
    targets: ['Meta-Llama-3_1-70B'],
    methods: ['cod', 'cod-noanchor', 'cod-paper', 'cod-monotone', 'e2e-exp', 'bnsl'],
    cuts: [],
  });
  log('mmlu_pro with an anchor');
  const pythiaStudy = await loadStudy([
    `${studies}/pythia_arith.models.csv`,
    `${studies}/pythia_arith.scores.csv`,
  ]);
  if (!pythiaStudy) throw new Error(`could not read the studies in ${studies}`);

  // Ablations: one simulated study, and pythia (many small benchmarks) at its 10× cut.
  const simAbl = simulateStudy({ seed: 1 });
  const ablSim = {
    clustering: clusteringAblation(simAbl.study, simAbl.target),
    law: lawAblation(simAbl.study, simAbl.target),
  };
  log('ablations on the simulated study');
  const pyT = 'pythia-12b-deduped@143000';
  const pyFlops = pythiaStudy.models.find((m) => m.name === pyT)!.flops as number;
  const pySub = backtestStudy(pythiaStudy, pyT, pyFlops / 10);
  const ablPy = {
    clustering: clusteringAblation(pySub, { name: pyT, flops: pyFlops }),
    law: lawAblation(pySub, { name: pyT, flops: pyFlops }),
  };
  log('ablations on pythia_arith');

  // ---------------------------------------------------------------------------------------------------------------
  out.push(
    '# Accuracy report',
    '',
    `Generated by \`npm run report\` (scripts/report.ts); do not edit by hand. Errors are absolute, in`,
    'percentage points of the full-set score, |predicted − actual|. "Coverage" is the share of predictions whose',
    '95% interval contains the actual score; "width" the mean width of that interval in points. Method ids:',
    '`default` is the product default (src/core/methods/default.ts): every candidate predicts the two largest ladder',
    "models from shorter ladders (self-backtests reaching the target's extrapolation distance), and the candidates are",
    "weighted partly by that self-backtest (its error over the study, scaled to the target's distance) and mostly by a",
    "stacking prior fitted on the tuning part (`DEFAULT_RULE`), those predicting less than the ladder's best score (less",
    'twice its sampling noise) set aside while another is not; `cod` is COD',
    `with its 95% interval calibrated on its own self-backtest and the product parameters (pass rates \`${DEFAULT_PARAMS.passRates}\`: smoothed by an item-response fit of the ladder when from fewer than ${SMOOTH_BELOW_SAMPLES} samples; mapping \`${DEFAULT_PARAMS.mapping}\`, c ≥ ${DEFAULT_PARAMS.cLower}); the baselines are those of METHOD.md §8`,
    '(`e2e-exp` COD law on the full-set score, `e2e-passrate` exp(−a·C^−b) on the mean pass rate, `bnsl` 1-break',
    "BNSL), `e2e-sigmoid` a sigmoid in log-compute with a guess floor, and `largest`, the largest ladder model's",
    'score. The candidates of `default` are `DEFAULT_CANDIDATES` in src/core/methods/default.ts.',
    '',
    '## The validation suite',
    '',
    'Simulated families (16 seeded studies each in the tables, and studies 17–64 drawn for tuning only; 3 benchmarks of',
    '500 questions, exact expected target scores as truth):',
    "`cod-sim` the project's first simulator (question kinds saturated … never, COD-like curves), `logistic` per-question",
    'logistic curves in log-compute with their own threshold, slope, ceiling and guess floor 0 or 0.25, per-(question,',
    'model) logit noise, 10–25% non-monotone questions and difficulty groups from saturated to beyond the target, and',
    '`irt` an item-response model whose ability grows with log-compute (linearly or with diminishing returns, plus a',
    'per-model offset), each question with its own difficulty and discrimination. Settings cycle through 1, 10 and 100',
    "samples per question and ladders of 3, 4, 6 and 8 models; the extrapolation distance (10×–100×), the ladder's",
    'compute span, the guess floors and the non-monotone share are drawn per study. `real` are the real ladders in',
    '../shared/data/studies (every model with less compute than the target is a ladder model), `real-cut` the same',
    "with the ladder cut at 1/r of the target's compute. `indep` is the independent-generator-like setting, never",
    'tuned on: per-question logistic curves over 4 benchmarks of 500, 2,000, 5,000 and 12,000 questions, ladders of 4',
    'or 8 models over two decades, 1, 10 or 100 samples, the target 25× beyond the largest ladder model.',
    '`checkpoints` (16 seeded studies, 3 benchmarks of 500 questions, never tuned on) mixes model sizes and their',
    'training checkpoints, like the Pythia ladders: 3, 4 or 5 sizes, each saved at 10, 25, 50, 75 and 100% of its',
    'tokens, compute 6·N·D of the checkpoint, tokens per run shared by every size or growing with it, and an',
    "item-response ability growing with parameters and tokens separately plus a late gain from the schedule's decay,",
    "so a larger size's early checkpoint can score below a smaller finished model with less compute. The target is a",
    "larger size fully trained: in studies #1, #3, … 10×–100× beyond the ladder's largest compute (in half of them",
    "the largest ladder size's run stops at 25–75%), in studies #2, #4, … the ladder also holds the target's own run",
    'up to 10, 25 or 50% of its tokens, as a Pythia ladder cut below its largest model does (2×–10×).',
    "It was added after the rule that sets aside candidates below the ladder's best score (found on the real",
    'ladders), as a held-out test of it.',
    "`real-agg` are real ladders known only from full-set scores: every model family of ObsScaling's base-model",
    'table (../shared/data/obsscaling/base_llm_benchmark_eval.csv: MMLU, ARC-C, HellaSwag, Winograd, TruthfulQA,',
    'GSM8K, XWinograd, HumanEval) with at least four models of known compute, its largest-compute model the target',
    "and the others the ladder; the same for the base models of sloth's Open LLM Leaderboard v2 table",
    '(../shared/data/sloth/data_v2.csv: IFEval, BBH, MATH Lvl 5, GPQA, MUSR, MMLU-PRO); and three ladders of',
    "Pythia's own lm-eval v0.3 results",
    '(../shared/data/pythia/pythia_v1_evals_tidy.csv, zero-shot accuracy on arc_easy, arc_challenge, piqa, sciq,',
    "winogrande, wsc, lambada_openai and logiqa): pythia-12b-deduped and pythia-12b from the smaller sizes' final",
    'checkpoints, and pythia-12b-deduped from every checkpoint of the smaller deduped sizes from step 1,000 on',
    '(112 ladder models; scripts/aggregate-cases.ts). Without per-question results `e2e-passrate` and `irt`',
    "give no number and COD falls back to its end-to-end fit (e2e-exp's law), so `default` weighs `cod`, `e2e-exp`,",
    '`e2e-sigmoid` and `largest`. Families mix recipes where the table does (Falcon, StableLM, H2O-Danube,',
    "GPT-Neo/J), as real ladders assembled from public models do. Not fully held out: ObsScaling's table showed (BLOOM) that",
    "`e2e-sigmoid`'s self-backtests counted on two-model ladders, where it holds its guess floor at 0, and that the",
    "default's interval could exclude the candidates a four-model ladder cannot test; both were changed after.",
    '',
    ...heldOut,
    ...floor,
    '## Every family under the product rule',
    '',
    'Every study of each family (`all simulated` pools the three tuning families: cod-sim, logistic and irt);',
    '`default, no below-ladder rule` is the default without the rule that sets aside candidates predicting less than',
    "the ladder's best score (less twice its noise) while another is not.",
    '',
  );
  for (const f of families) {
    out.push(`### ${f}`, '');
    out.push(
      ...markdownTable(
        ['method', 'mean', 'median', 'worst', 'n', 'no number', 'coverage', 'width'],
        suite
          .filter((s) => s.family === f)
          .map((s) => [
            s.method,
            fmtPoints(s.mean),
            fmtPoints(s.median),
            fmtPoints(s.worst),
            String(s.n),
            String(s.refused),
            pct(s.coverage),
            fmtPoints(s.width),
          ]),
      ),
      '',
    );
  }
  const bnslRows = suiteRows.filter((r) => r.method === 'bnsl');
  const bnslNumbers = bnslRows.filter((r) => r.predicted !== null);
  const stalled = bnslNumbers.filter((r) => /did not converge/.test(r.note));
  const why = [...new Set(bnslRows.filter((r) => r.predicted === null).map((r) => r.note))];
  out.push(
    `BNSL over the whole suite: ${bnslNumbers.length} of ${bnslRows.length} fits gave a number, ` +
      `${stalled.length} of them without converging` +
      (stalled.length ? ` (${stalled.map((r) => `${r.label}, ${r.benchmark}: ${r.note}`).join('; ')})` : '') +
      `; the others refused because: ${why.join('; ') || '—'}.`,
    '',
  );
  out.push(
    '### Simulated studies by setting (mean error / coverage of `default`, then the best other method)',
    '',
  );
  const settingRows: string[][] = [];
  const sim = suiteRows.filter((r) => ['cod-sim', 'logistic', 'irt'].includes(r.family));
  const bySetting = (name: string, pick: (r: SuiteRow) => string) => {
    for (const v of [...new Set(sim.map(pick))].sort((a, b) => Number(a) - Number(b))) {
      const s = summariseSuite(sim.filter((r) => pick(r) === v).map((r) => ({ ...r, family: 'real' })));
      const d = s.find((x) => x.method === 'default');
      const others = s.filter((x) => x.method !== 'default' && x.n > 0).sort((a, b) => a.mean - b.mean);
      settingRows.push([
        `${name} ${v}`,
        `${fmtPoints(d?.mean)} / ${pct(d?.coverage)}`,
        others[0] ? `${others[0].method} ${fmtPoints(others[0].mean)}` : '—',
      ]);
    }
  };
  const settingOf = (r: SuiteRow) => cases.find((c) => c.label === r.label)?.settings;
  bySetting('samples', (r) => String(settingOf(r)?.trials));
  bySetting('ladder models', (r) => String(settingOf(r)?.ladderSize));
  bySetting('distance ≥ 30× ', (r) => String((settingOf(r)?.distance ?? 0) >= 30 ? 1 : 0));
  out.push(...markdownTable(['setting', 'default', 'best other'], settingRows), '');

  out.push('### Real ladders, per case (error in points per benchmark)', '');
  const realRows = suiteRows.filter((r) => r.family.startsWith('real'));
  const realMethods = [...new Set(realRows.map((r) => r.method))];
  out.push(
    ...markdownTable(
      ['case', 'benchmark', ...realMethods],
      [...new Set(realRows.map((r) => `${r.label}\u0000${r.benchmark}`))].map((k) => {
        const [label, bench] = k.split('\u0000');
        return [
          label,
          bench,
          ...realMethods.map((m) => {
            const r = realRows.find((x) => x.label === label && x.benchmark === bench && x.method === m);
            return r && r.error !== null ? fmtPoints(r.error) : 'n/a';
          }),
        ];
      }),
    ),
    '',
  );
  out.push(
    '### mmlu_pro with an anchor (Meta-Llama-3-70B as anchor for Meta-Llama-3_1-70B)',
    '',
    ...nested(formatBacktest(mmluAnchor)),
    '',
  );

  out.push('## Ablations', '');
  out.push(
    '### Simulated study (seed 1, 100 trials)',
    '',
    ...ablationTable(ablSim.clustering, 'clustering'),
    '',
  );
  out.push(...ablationTable(ablSim.law, 'law'), '');
  out.push(`### pythia_arith (target ${pyT}, ladder cut at 1/10 of its compute)`, '');
  out.push(...ablationTable(ablPy.clustering, 'clustering'), '', ...ablationTable(ablPy.law, 'law'), '');

  const graded = gradedCases(24, 500);
  const gradedRows = graded.flatMap((c) => runGradedCase(c, ['cod', 'default']));
  out.push(...gradedSection(graded, gradedRows, await realChoiceLadders(resolve(repo, '../shared/data'))));
  log('graded signals from multiple-choice logs');

  writeFileSync(resolve(repo, 'docs/ACCURACY.md'), out.join('\n'));
  log(`wrote docs/ACCURACY.md`);
}

await main();
