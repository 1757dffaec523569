/**
 * Writes an lm-evaluation-harness v0.4 output tree from a canonical study, as `lm_eval --output_path out
 * --log_samples` leaves it: one folder per model (`<org>__<name>`), each with `results_<ts>.json` under its own
 * timestamp and one `samples_<task>_<ts>.jsonl` per benchmark. Half the results files name their model in
 * `model_name`, the other half only in `config.model_args` (`pretrained=<org>/<name>`), as both versions do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFiles } from '../../src/core/ingest/index.ts';
import type { Study } from '../../src/core/study/study.ts';
import { nodeInputFiles } from '../../src/node/files.ts';

const ORGS: [RegExp, string][] = [
  [/llama/i, 'meta-llama'],
  [/^yi/i, '01-ai'],
  [/gemma/i, 'google'],
  [/qwen/i, 'Qwen'],
  [/mistral/i, 'mistralai'],
  [/pythia/i, 'EleutherAI'],
];

/** The Hugging Face organisation a model name belongs to, as lm-eval's `pretrained=` would carry it. */
export const orgOf = (model: string) => ORGS.find(([re]) => re.test(model))?.[1] ?? 'example-org';

/** A distinct lm-eval timestamp per model ("2024-06-01T10-07-00.123456"). */
export const timestampOf = (i: number) =>
  `2024-06-${String(1 + Math.floor(i / 50)).padStart(2, '0')}T10-${String(i % 50).padStart(2, '0')}-00.123456`;

export interface WrittenTree {
  root: string;
  /** `<org>/<name>` of each model, in study order. */
  models: string[];
  /** Every file written, relative to `root`. */
  files: string[];
}

/** Reads a canonical study (its `.models.csv` and `.scores.csv`). */
export async function readStudy(paths: string[]): Promise<Study> {
  const res = await importFiles(await nodeInputFiles(paths));
  const bad = res.files.find((f) => f.error);
  if (bad) throw new Error(bad.error);
  return res.study;
}

/**
 * Writes the tree of every model with scores under `root`; `maxQuestions` keeps the first questions of each
 * benchmark only (a smaller tree for browser tests).
 */
export function writeLmEvalTree(study: Study, root: string, maxQuestions = Infinity): WrittenTree {
  const scored = study.models.filter((m) => study.benchmarks.some((b) => b.models.includes(m.name)));
  const files: string[] = [];
  const models: string[] = [];
  scored.forEach((m, i) => {
    const id = `${orgOf(m.name)}/${m.name}`;
    models.push(id);
    const dir = id.replace('/', '__');
    mkdirSync(join(root, dir), { recursive: true });
    const ts = timestampOf(i);
    const results: Record<string, Record<string, number | string>> = {};
    const configs: Record<string, unknown> = {};
    for (const b of study.benchmarks) {
      const col = b.models.indexOf(m.name);
      if (col < 0) continue;
      const nm = b.models.length;
      const lines: string[] = [];
      let sum = 0;
      const n = Math.min(b.questions.length, maxQuestions);
      for (let q = 0; q < n; q++) {
        const v = b.scores[q * nm + col];
        if (Number.isNaN(v)) continue;
        sum += v;
        lines.push(
          JSON.stringify({
            doc_id: q,
            doc: { question_id: b.questions[q] },
            target: '0',
            arguments: { gen_args_0: { arg_0: 'Question …', arg_1: ' A' } },
            resps: [[['-1.5', false]]],
            filtered_resps: [['-1.5', false]],
            filter: 'none',
            metrics: ['acc'],
            doc_hash: `d${q}`,
            prompt_hash: `p${q}`,
            target_hash: `t${q}`,
            acc: v,
          }),
        );
      }
      const name = `${dir}/samples_${b.name}_${ts}.jsonl`;
      writeFileSync(join(root, name), lines.join('\n') + '\n');
      files.push(name);
      results[b.name] = {
        alias: b.name,
        'acc,none': sum / Math.max(1, lines.length),
        'acc_stderr,none': 0.01,
      };
      configs[b.name] = { task: b.name, repeats: 1, num_fewshot: 0, metric_list: [{ metric: 'acc' }] };
    }
    const json: Record<string, unknown> = {
      results,
      configs,
      versions: Object.fromEntries(Object.keys(results).map((k) => [k, 1])),
      'n-shot': Object.fromEntries(Object.keys(results).map((k) => [k, 0])),
      config: { model: 'hf', model_args: `pretrained=${id},dtype=bfloat16`, batch_size: 'auto' },
      date: 1717236000 + i,
    };
    if (i % 2 === 0) json.model_name = id;
    const name = `${dir}/results_${ts}.json`;
    writeFileSync(join(root, name), JSON.stringify(json, null, 2));
    files.push(name);
  });
  return { root, models, files };
}
