/**
 * Real ladders known only from full-set scores: ObsScaling's base-model table (../shared/data/obsscaling), each model
 * family with at least four models of known compute as one study, its largest-compute model the target and every
 * other model the ladder. The scores go through the canonical importer as a `<name>.models.csv` and a
 * `<name>.metrics.csv` would, so the suite reads them as a user's files are read.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importFiles } from '../src/core/ingest/index.ts';
import type { InputFile } from '../src/core/ingest/types.ts';
import type { SuiteCase } from '../src/core/evaluate/suite.ts';

const TABLE = 'obsscaling/base_llm_benchmark_eval.csv';
/** Families with fewer models of known compute leave a ladder of two: too few for any extrapolation. */
const MIN_MODELS = 4;
const INFO = ['Model', 'Model Family', 'Model Size (B)', 'Pretraining Data Size (T)', 'FLOPs (1E21)'];

function memoryFile(path: string, text: string): InputFile {
  const bytes = new TextEncoder().encode(text);
  return {
    path,
    size: bytes.length,
    stream: () => new Blob([bytes]).stream(),
    bytes: async () => bytes,
  };
}

/** One case per family of ObsScaling's base-model table (see the file's comment); `data` is ../shared/data. */
export async function aggregateCases(data: string): Promise<SuiteCase[]> {
  const path = resolve(data, TABLE);
  const text = await readFile(path, 'utf8');
  // The table has no quoted fields; one would need a real CSV reader here.
  if (text.includes('"')) throw new Error(`${path}: quoted CSV fields are not read here`);
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const columns = head.split(',');
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column "${name}"`);
    return i;
  };
  const benchmarks = columns.filter((c) => !INFO.includes(c));
  const rows = lines.map((l) => l.split(','));
  const families = new Map<string, string[][]>();
  for (const r of rows) {
    if (!r[at('FLOPs (1E21)')]) continue;
    const fam = r[at('Model Family')];
    families.set(fam, [...(families.get(fam) ?? []), r]);
  }
  const cases: SuiteCase[] = [];
  for (const [fam, members] of families) {
    if (members.length < MIN_MODELS) continue;
    const name = (r: string[]) => r[at('Model')].split('/').pop() as string;
    const models = [
      'model,params,tokens,flops,role',
      ...members.map((r) =>
        [
          name(r),
          Number(r[at('Model Size (B)')]) * 1e9,
          Number(r[at('Pretraining Data Size (T)')]) * 1e12,
          Number(r[at('FLOPs (1E21)')]) * 1e21,
          'ladder',
        ].join(','),
      ),
    ];
    const metrics = ['model,benchmark,value'];
    for (const r of members)
      for (const b of benchmarks) {
        const v = r[at(b)];
        if (v !== '' && Number.isFinite(Number(v))) metrics.push([name(r), b, v].join(','));
      }
    const stem = fam.replace(/[^A-Za-z0-9.-]+/g, '_');
    const res = await importFiles([
      memoryFile(`${stem}.models.csv`, models.join('\n')),
      memoryFile(`${stem}.metrics.csv`, metrics.join('\n')),
    ]);
    const bad = res.files.find((f) => f.error);
    if (bad) throw new Error(`${path}, family ${fam}: ${bad.error}`);
    const byCompute = [...res.study.models].sort((a, b) => (b.flops ?? 0) - (a.flops ?? 0));
    cases.push({
      family: 'real-agg',
      label: `${fam} → ${byCompute[0].name} (full-set scores, ${members.length - 1} ladder models)`,
      study: res.study,
      target: byCompute[0].name,
    });
  }
  return cases;
}
