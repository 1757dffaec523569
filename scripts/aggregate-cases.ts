/**
 * Real ladders known only from full-set scores (the `real-agg` family), each study read through the canonical
 * importer as a `<name>.models.csv` and a `<name>.metrics.csv` would be, so the suite reads them as a user's files
 * are read:
 * - ObsScaling's base-model table (../shared/data/obsscaling): each model family with at least four models of known
 *   compute, its largest-compute model the target and every other model the ladder;
 * - sloth's Open LLM Leaderboard v2 table (../shared/data/sloth/data_v2.csv): the same for its base models on the
 *   leaderboard's six headline benchmarks;
 * - Pythia's own lm-eval v0.3 results (../shared/data/pythia/pythia_v1_evals_tidy.csv, zero-shot accuracy on its
 *   eight non-MMLU tasks): pythia-12b (deduped, and the original) predicted from the smaller sizes' final
 *   checkpoints, and pythia-12b-deduped from every checkpoint of the smaller deduped sizes from step 1,000 on.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importFiles } from '../src/core/ingest/index.ts';
import type { InputFile } from '../src/core/ingest/types.ts';
import type { SuiteCase } from '../src/core/evaluate/suite.ts';

const OBSSCALING = 'obsscaling/base_llm_benchmark_eval.csv';
const SLOTH = 'sloth/data_v2.csv';
/** The Open LLM Leaderboard v2's headline benchmarks (raw scores in [0,1] in sloth's table). */
const LEADERBOARD_V2 = ['IFEval', 'BBH', 'MATH Lvl 5', 'GPQA', 'MUSR', 'MMLU-PRO'];
const PYTHIA = 'pythia/pythia_v1_evals_tidy.csv';
/** Families with fewer models of known compute leave a ladder of two: too few for any extrapolation. */
const MIN_MODELS = 4;
const INFO = ['Model', 'Model Family', 'Model Size (B)', 'Pretraining Data Size (T)', 'FLOPs (1E21)'];
const PYTHIA_TASKS = [
  'arc_easy',
  'arc_challenge',
  'piqa',
  'sciq',
  'winogrande',
  'wsc',
  'lambada_openai',
  'logiqa',
];
const PYTHIA_FINAL_STEP = 143000;
/** Earlier checkpoints score at chance on these tasks. */
const PYTHIA_FIRST_STEP = 1000;

interface ModelRow {
  name: string;
  params: number;
  tokens: number;
  flops: number;
}

function memoryFile(path: string, text: string): InputFile {
  const bytes = new TextEncoder().encode(text);
  return {
    path,
    size: bytes.length,
    stream: () => new Blob([bytes]).stream(),
    bytes: async () => bytes,
  };
}

/** A CSV without quoted fields, as rows of strings, with a column lookup that names a missing column. */
async function readTable(
  path: string,
): Promise<{ rows: string[][]; at: (c: string) => number; columns: string[] }> {
  const text = await readFile(path, 'utf8');
  // The tables read here have no quoted fields; one would need a real CSV reader.
  if (text.includes('"')) throw new Error(`${path}: quoted CSV fields are not read here`);
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const columns = head.split(',');
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column "${name}"`);
    return i;
  };
  return { rows: lines.map((l) => l.split(',')), at, columns };
}

/** The case of one ladder: the models and their full-set scores through the canonical importer. */
async function tableCase(
  source: string,
  stem: string,
  label: string,
  models: ModelRow[],
  metrics: [string, string, string][],
): Promise<SuiteCase> {
  const res = await importFiles([
    memoryFile(
      `${stem}.models.csv`,
      [
        'model,params,tokens,flops,role',
        ...models.map((m) => [m.name, m.params, m.tokens, m.flops, 'ladder'].join(',')),
      ].join('\n'),
    ),
    memoryFile(
      `${stem}.metrics.csv`,
      ['model,benchmark,value', ...metrics.map((r) => r.join(','))].join('\n'),
    ),
  ]);
  const bad = res.files.find((f) => f.error);
  if (bad) throw new Error(`${source}, ${label}: ${bad.error}`);
  const byCompute = [...res.study.models].sort((a, b) => (b.flops ?? 0) - (a.flops ?? 0));
  return {
    family: 'real-agg',
    label: `${label} → ${byCompute[0].name} (full-set scores, ${models.length - 1} ladder models)`,
    study: res.study,
    target: byCompute[0].name,
  };
}

/** How a table of models (one row each, with a family column) names its columns. */
interface FamilyTable {
  path: string;
  family: string;
  model: string;
  /** Billions of parameters, trillions of tokens, 1e21 FLOPs. */
  params: string;
  tokens: string;
  flops: string;
  /** The benchmark columns, from the table's header. */
  benchmarks: (columns: string[]) => string[];
  /** Rows that may join a ladder (besides having a compute). */
  keep: (row: string[], at: (c: string) => number) => boolean;
  label: (family: string) => string;
}

/** One case per family of the table with at least MIN_MODELS kept models of known compute. */
async function familyCases(t: FamilyTable): Promise<SuiteCase[]> {
  const { rows, at, columns } = await readTable(t.path);
  const benchmarks = t.benchmarks(columns);
  const families = new Map<string, string[][]>();
  for (const r of rows) {
    if (!r[at(t.flops)] || !t.keep(r, at)) continue;
    const fam = r[at(t.family)];
    families.set(fam, [...(families.get(fam) ?? []), r]);
  }
  const cases: SuiteCase[] = [];
  for (const [fam, members] of families) {
    if (members.length < MIN_MODELS) continue;
    const name = (r: string[]) => r[at(t.model)].split('/').pop() as string;
    const models = members.map((r) => ({
      name: name(r),
      params: Number(r[at(t.params)]) * 1e9,
      tokens: Number(r[at(t.tokens)]) * 1e12,
      flops: Number(r[at(t.flops)]) * 1e21,
    }));
    const metrics: [string, string, string][] = [];
    for (const r of members)
      for (const b of benchmarks) {
        const v = r[at(b)];
        if (v !== '' && Number.isFinite(Number(v))) metrics.push([name(r), b, v]);
      }
    const label = t.label(fam);
    cases.push(await tableCase(t.path, label.replace(/[^A-Za-z0-9.-]+/g, '_'), label, models, metrics));
  }
  return cases;
}

/** One case per family of ObsScaling's base-model table. */
function obsScalingCases(data: string): Promise<SuiteCase[]> {
  return familyCases({
    path: resolve(data, OBSSCALING),
    family: 'Model Family',
    model: 'Model',
    params: 'Model Size (B)',
    tokens: 'Pretraining Data Size (T)',
    flops: 'FLOPs (1E21)',
    benchmarks: (columns) => columns.filter((c) => !INFO.includes(c)),
    keep: () => true,
    label: (fam) => fam,
  });
}

/**
 * One case per family of base models in sloth's Open LLM Leaderboard v2 table with at least four models of known
 * compute and a score on its headline benchmarks (MATH Lvl 5, MMLU-PRO, …).
 */
function slothCases(data: string): Promise<SuiteCase[]> {
  return familyCases({
    path: resolve(data, SLOTH),
    family: 'Family',
    model: 'Model',
    params: '#Params (B)',
    tokens: 'Pretraining Data Size (T)',
    flops: 'FLOPs (1E21)',
    benchmarks: () => LEADERBOARD_V2,
    keep: (r, at) => r[at('Instruct')] === 'False' && LEADERBOARD_V2.some((b) => r[at(b)] !== ''),
    label: (fam) => `Open LLM Leaderboard v2 ${fam}`,
  });
}

/** Pythia's ladders of final checkpoints (deduped and original) and of the deduped sizes' checkpoints. */
async function pythiaCases(data: string): Promise<SuiteCase[]> {
  const path = resolve(data, PYTHIA);
  const { rows, at } = await readTable(path);
  const scored = rows.filter(
    (r) => PYTHIA_TASKS.includes(r[at('task')]) && r[at('metric')] === 'acc' && r[at('num_fewshot')] === '0',
  );
  const nameOf = (r: string[]) =>
    `pythia-${r[at('size')]}${r[at('deduped')] === '1' ? '-deduped' : ''}@${r[at('step')]}`;
  const ladder = async (label: string, keep: (r: string[]) => boolean) => {
    const kept = scored.filter(keep);
    const models = new Map<string, ModelRow>();
    for (const r of kept)
      models.set(nameOf(r), {
        name: nameOf(r),
        params: Number(r[at('params')]),
        tokens: Number(r[at('train_tokens')]),
        flops: Number(r[at('approx_flops_6ND')]),
      });
    const metrics = kept.map((r) => [nameOf(r), r[at('task')], r[at('value')]] as [string, string, string]);
    return tableCase(path, label.replace(/[^A-Za-z0-9.-]+/g, '_'), label, [...models.values()], metrics);
  };
  const step = (r: string[]) => Number(r[at('step')]);
  const isTarget = (r: string[]) => r[at('size')] === '12b' && step(r) === PYTHIA_FINAL_STEP;
  return [
    await ladder(
      'Pythia v1 deduped, final checkpoints',
      (r) => r[at('deduped')] === '1' && step(r) === PYTHIA_FINAL_STEP,
    ),
    await ladder(
      'Pythia v1 original, final checkpoints',
      (r) => r[at('deduped')] === '0' && step(r) === PYTHIA_FINAL_STEP,
    ),
    await ladder(
      'Pythia v1 deduped, checkpoints from step 1000',
      (r) =>
        r[at('deduped')] === '1' &&
        (isTarget(r) || (r[at('size')] !== '12b' && step(r) >= PYTHIA_FIRST_STEP)),
    ),
  ];
}

/** Every case of the real-agg family (see the file's comment); `data` is ../shared/data. */
export async function aggregateCases(data: string): Promise<SuiteCase[]> {
  return [...(await obsScalingCases(data)), ...(await slothCases(data)), ...(await pythiaCases(data))];
}
