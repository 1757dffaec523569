/** The real ladders of the validation suite: every study in ../shared/data/studies, its targets and ladder cuts. */
import { resolve } from 'node:path';
import type { SuiteCase } from '../src/core/evaluate/suite.ts';
import { loadStudy } from '../src/cli/backtest.ts';

/** [study files stem, target, ladder cut (the ladder keeps models with at most 1/cut of the target's compute)]. */
const REAL: [string, string, number][] = [
  ['mmlu_pro', 'Meta-Llama-3_1-70B', 1],
  ['mmlu_pro', 'Meta-Llama-3-70B', 1],
  ['mmlu_pro', 'Llama-2-70b-hf', 1],
  ['mmlu_pro', 'Meta-Llama-3_1-70B', 10],
  ['mmlu_pro', 'Llama-2-70b-hf', 10],
  ['pythia_arith', 'pythia-12b-deduped@143000', 1],
  ['pythia_arith', 'pythia-12b-deduped@143000', 3],
  ['pythia_arith', 'pythia-12b-deduped@143000', 10],
  ['pythia_arith', 'pythia-12b-deduped@143000', 30],
  ['pythia_arith', 'pythia-6.9b-deduped@143000', 1],
  ['pythia_arith', 'pythia-6.9b-deduped@143000', 10],
];

export async function realCases(folder: string): Promise<SuiteCase[]> {
  const studies = new Map<string, Awaited<ReturnType<typeof loadStudy>>>();
  const cases: SuiteCase[] = [];
  for (const [stem, target, cut] of REAL) {
    if (!studies.has(stem))
      studies.set(
        stem,
        await loadStudy([resolve(folder, `${stem}.models.csv`), resolve(folder, `${stem}.scores.csv`)]),
      );
    const study = studies.get(stem);
    if (!study) throw new Error(`could not read the study ${stem} in ${folder}`);
    const flops = study.models.find((m) => m.name === target)?.flops;
    if (!flops) throw new Error(`${stem}: the target ${target} has no compute`);
    cases.push({
      family: cut > 1 ? 'real-cut' : 'real',
      label: `${stem} → ${target}${cut > 1 ? `, ladder cut at 1/${cut}` : ''}`,
      study,
      target,
      maxFlops: cut > 1 ? flops / cut : Infinity,
    });
  }
  return cases;
}
