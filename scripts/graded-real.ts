/**
 * The report's look for real ladders with per-choice log-likelihoods: every lm-eval samples file under the data
 * folder, imported with the graded signal; a benchmark is a ladder when at least 4 models with known compute have
 * gold-choice probabilities on it. Returns the sentence the report prints.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GOLD_PROB, importFiles } from '../src/core/ingest/index.ts';
import { nodeInputFiles } from '../src/node/files.ts';

async function samplesFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await samplesFiles(p)));
    else if (/^samples_.+\.jsonl$/.test(e.name)) out.push(p);
  }
  return out;
}

export async function realChoiceLadders(dataDir: string): Promise<string> {
  const paths = await samplesFiles(dataDir).catch(() => []);
  if (!paths.length) return `no lm-eval samples files under ${dataDir}.`;
  const r = await importFiles(await nodeInputFiles(paths), { lmEval: { mcSignal: GOLD_PROB } });
  const graded = [...new Set(r.study.metrics.map((m) => m.benchmark))];
  const models = [...new Set(r.study.metrics.map((m) => m.model))];
  const withCompute = new Set(r.study.models.filter((m) => m.flops).map((m) => m.name));
  const ladders = graded.filter(
    (b) => r.study.metrics.filter((m) => m.benchmark === b && withCompute.has(m.model)).length >= 4,
  );
  if (ladders.length)
    return `ladders with gold-choice probabilities exist (${ladders.join(', ')}); backtest them with \`scalecast backtest --mc-signal gold_prob\` and \`--mc-signal metric\`.`;
  return (
    `none. The data folder holds ${paths.length} lm-eval samples files; ${graded.length} multiple-choice ` +
    `benchmark(s) (${graded.join(', ') || '—'}) give gold-choice probabilities for ${models.length} model(s) ` +
    `(${models.join(', ') || '—'}), ${withCompute.size ? 'too few' : 'none'} with a known training compute, so no ` +
    'ladder of 4 or more models can be backtested on them.'
  );
}
