import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { nodeInputFiles } from '../../../src/node/files.ts';
import type { InputFile } from '../../../src/core/ingest/types.ts';

/** Absolute path of a file under the shared data folder beside the repo. */
export const shared = (rel: string) => fileURLToPath(new URL(`../../../../shared/${rel}`, import.meta.url));
/** Absolute path of a test fixture. */
export const fixture = (rel: string) => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));

export const filesAt = (...paths: string[]) => nodeInputFiles(paths);

/** An in-memory InputFile whose stream yields `chunk`-byte pieces (to exercise split lines and characters). */
export function memFile(path: string, content: string | Uint8Array, chunk = 7): InputFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    path,
    size: bytes.byteLength,
    stream: () => {
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (i >= bytes.byteLength) return c.close();
          c.enqueue(bytes.slice(i, i + chunk));
          i += chunk;
        },
      });
    },
    bytes: async () => bytes.slice(),
  };
}

/** Small real inputs of every format, named as users would drop them. */
export async function realSeeds(): Promise<[string, Uint8Array][]> {
  const head = async (p: string, n: number) =>
    new TextEncoder().encode((await readFile(p, 'utf8')).split('\n').slice(0, n).join('\n') + '\n');
  const raw = async (p: string) => new Uint8Array(await readFile(p));
  const lm = shared(
    'data/format_examples/lm_eval_samples_pythia-14m/samples_metabench_winogrande_secondary_2024-11-26T10-50-23.349203.jsonl',
  );
  return [
    ['org__m/samples_wino_2024-11-26T10-50-23.349203.jsonl', await head(lm, 4)],
    ['s.scores.csv', await head(shared('data/studies/pythia_arith.scores.csv'), 30)],
    ['s.models.csv', await raw(shared('data/studies/mmlu_pro.models.csv'))],
    ['x.eval', await raw(shared('data/format_examples/inspect_ai_logs/mmlu-summary-choices.eval'))],
    ['log.json', await raw(shared('data/format_examples/inspect_ai_logs/log_read_sample.json'))],
    [
      'bloom/bloom-1b1/r.json',
      await raw(shared('data/lm_eval_v03_results/bloom/bloom-1b1/bloom-1b1_gsm8k_8-shot.json')),
    ],
    [
      'results/m/gsm8k.json',
      await raw(fixture('opencompass/20240601_120000/results/llama-2-7b-hf/gsm8k.json')),
    ],
    [
      'runs/v1/mmlu:model=a_b/per_instance_stats.json',
      await raw(
        fixture(
          'helm/runs/v1/mmlu:subject=anatomy,method=multiple_choice_joint,model=meta_llama-2-7b/per_instance_stats.json',
        ),
      ),
    ],
  ];
}
