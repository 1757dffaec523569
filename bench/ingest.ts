/**
 * Ingest throughput: ~200 MB of generated lm-eval sample logs (8 models × 4 tasks, seeded, realistic lines with
 * doc/arguments/resps) imported through nodeInputFiles + importFiles. Reports MB/s and peak memory against the
 * data the study retains. Target: ≥ 100 MB/s in node.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importFiles, type InputFile } from '../src/core/ingest/index.ts';
import { nodeInputFiles } from '../src/node/files.ts';

const TARGET_BYTES = 200 * 1024 * 1024;
const MODELS = 8;
const TASKS = [
  { name: 'arc_challenge', mc: true, filters: ['none'] },
  { name: 'hellaswag', mc: true, filters: ['none'] },
  { name: 'mmlu', mc: true, filters: ['none'] },
  { name: 'gsm8k', mc: false, filters: ['strict-match', 'flexible-extract'] },
];
const TS = '2024-11-26T10-50-23.349203';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the of a model which answer question energy water plant cell force light earth number value because most likely result'.split(
    ' ',
  );
function text(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + WORDS[Math.floor(r() * WORDS.length)];
  return s;
}
/** Python json.dumps style: ", " and ": " separators, as lm-eval writes. */
const py = (v: unknown) => JSON.stringify(v).replace(/","/g, '", "').replace(/":/g, '": ');

function line(
  r: () => number,
  task: (typeof TASKS)[number],
  doc: number,
  filter: string,
  skill: number,
): string {
  const question = text(r, 40 + Math.floor(r() * 40));
  const choices = [0, 1, 2, 3].map(() => text(r, 6));
  const docObj = {
    id: `${task.name}_${doc}`,
    question,
    choices: { label: ['A', 'B', 'C', 'D'], text: choices },
    answerKey: 'B',
    metabench_idx: doc,
  };
  const ctx = `Question: ${question}\nAnswer:`;
  const correct = r() < skill ? 1 : 0;
  const head = `{"doc_id": ${doc}, "doc": ${py(docObj)}, "target": "1", `;
  if (task.mc) {
    const args = Object.fromEntries(choices.map((c, i) => [`gen_args_${i}`, { arg_0: ctx, arg_1: ` ${c}` }]));
    const resps = choices.map(() => [[String(-(r() * 60).toFixed(4)), 'False']]);
    return (
      head +
      `"arguments": ${py(args)}, "resps": ${py(resps)}, "filtered_resps": ${py(resps.map((x) => x[0]))}, ` +
      `"filter": "${filter}", "metrics": ["acc", "acc_norm"], "doc_hash": "${doc.toString(16).padStart(64, 'a')}", ` +
      `"prompt_hash": "${doc.toString(16).padStart(64, 'b')}", "target_hash": "${'c'.repeat(64)}", "acc": ${correct}.0, "acc_norm": ${r() < skill ? 1 : 0}.0}`
    );
  }
  const gen = text(r, 30);
  return (
    head +
    `"arguments": {"gen_args_0": {"arg_0": ${py(ctx)}, "arg_1": {"until": ["Question:", "</s>"], "do_sample": false}}}, ` +
    `"resps": [[${py(gen)}]], "filtered_resps": [${correct ? '"3"' : '"[invalid]"'}], "filter": "${filter}", ` +
    `"metrics": ["exact_match"], "doc_hash": "${'d'.repeat(64)}", "prompt_hash": "${'e'.repeat(64)}", ` +
    `"target_hash": "${'f'.repeat(64)}", "exact_match": ${correct}.0}`
  );
}

async function generate(dir: string): Promise<number> {
  const r = rng(20250222);
  const perTask = TARGET_BYTES / MODELS / TASKS.length;
  let bytes = 0;
  for (let m = 0; m < MODELS; m++) {
    const folder = join(dir, `bench-org__model-${m}`);
    await mkdir(folder, { recursive: true });
    const results = {
      results: Object.fromEntries(TASKS.map((t) => [t.name, { alias: t.name }])),
      config: { model_num_parameters: 1e8 * 2 ** m },
      model_name: `bench-org/model-${m}`,
    };
    await writeFile(join(folder, `results_${TS}.json`), py(results));
    for (const task of TASKS) {
      const out = createWriteStream(join(folder, `samples_${task.name}_${TS}.jsonl`));
      let buf = '';
      const probe = rng(7);
      let size = 0;
      for (let i = 0; i < 50; i++) size += line(probe, task, 100_000, task.filters[0], 0.5).length + 1;
      const docs = Math.round(perTask / ((size / 50) * task.filters.length));
      for (let d = 0; d < docs; d++) {
        for (const f of task.filters) {
          buf += line(r, task, d, f, 0.2 + 0.08 * m) + '\n';
          if (buf.length > 1 << 20) {
            bytes += Buffer.byteLength(buf);
            if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
            buf = '';
          }
        }
      }
      bytes += Buffer.byteLength(buf);
      out.end(buf);
      await new Promise<void>((res) => out.once('finish', () => res()));
    }
  }
  return bytes;
}

/** Peak live memory during an import and what the resulting study retains, both above the start (bytes). */
async function liveMemory(files: InputFile[], gc: () => void): Promise<{ peak: number; retained: number }> {
  // Typed arrays keep their bytes outside the JS heap, so both counts add ArrayBuffer memory.
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  gc();
  const base = used();
  let peak = 0;
  const sampler = setInterval(() => {
    gc();
    peak = Math.max(peak, used() - base);
  }, 25);
  const result = await importFiles(files);
  clearInterval(sampler);
  gc();
  const retained = used() - base;
  if (!result.study.benchmarks.length) throw new Error('bench import produced no study');
  return { peak: Math.max(peak, retained), retained };
}

export default async function bench(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'scalecast-ingest-'));
  try {
    const genStart = performance.now();
    await generate(dir);
    const genSecs = (performance.now() - genStart) / 1000;
    const files = await nodeInputFiles([dir]);
    const total = files.reduce((a, f) => a + f.size, 0);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 20);
    const t0 = performance.now();
    const result = await importFiles(files);
    const secs = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const errors = result.files.filter((f) => f.error);
    if (errors.length) throw new Error(`bench import failed: ${errors[0].error}`);
    const retained = result.study.benchmarks.reduce(
      (a, b) => a + b.scores.byteLength + b.trials.byteLength,
      0,
    );
    const cells = result.study.benchmarks.reduce((a, b) => a + b.questions.length * b.models.length, 0);
    const live = await liveMemory(files, gc);
    const studyFiles = await nodeInputFiles(
      ['mmlu_pro.models.csv', 'mmlu_pro.scores.csv'].map((f) =>
        resolve(fileURLToPath(new URL('../../shared/data/studies/', import.meta.url)), f),
      ),
    );
    const csv = await liveMemory(studyFiles, gc);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const rate = total / 1024 / 1024 / secs;
    return [
      '### ingest: lm-eval sample logs (node)',
      '',
      '| input | files | cells | time (s) | MB/s | target | peak heap (MB) | heap Δ (MB) | peak RSS (MB) | retained typed arrays (MB) |',
      '|---|---|---|---|---|---|---|---|---|---|',
      `| ${mb(total)} MB, ${MODELS} models × ${TASKS.length} tasks | ${files.length} | ${cells} | ${secs.toFixed(2)} | ${rate.toFixed(0)} | ≥ 100 ${rate >= 100 ? '✓' : '✗'} | ${mb(peakHeap)} | ${mb(peakHeap - base.heapUsed)} | ${mb(peakRss)} | ${mb(retained)} |`,
      '',
      `(generation of the logs took ${genSecs.toFixed(1)} s and is not counted)`,
      '',
      `Live memory, a second import with a full GC before every sample (so garbage is not counted): the import's peak`,
      `live memory (JS heap + array buffers) above the start was ${mb(live.peak)} MB; the study it retains takes ${mb(live.retained)} MB` +
        ` (${(live.peak / Math.max(1, live.retained)).toFixed(1)}× the retained data).`,
      `The same for the canonical MMLU-Pro study of ../shared/data (6.3 MB of CSV, 12,032 questions × 15 models): peak`,
      `${mb(csv.peak)} MB, retained ${mb(csv.retained)} MB (${(csv.peak / Math.max(1, csv.retained)).toFixed(1)}×).`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  (await bench()).forEach((l) => console.log(l));
}
