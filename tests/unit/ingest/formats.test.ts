import { readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { helmBenchmark } from '../../../src/core/ingest/helm.ts';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { scoreValue } from '../../../src/core/ingest/inspect.ts';
import { findBenchmark } from '../../../src/core/study/study.ts';
import { filesAt, fixture, memFile, shared } from './helpers.ts';

const LOGS = 'data/format_examples/inspect_ai_logs';

describe('Inspect logs', () => {
  it('imports the 3 real logs: .eval with samples, .eval without scores, .json log', async () => {
    const r = await importFiles(await filesAt(shared(LOGS)));
    expect(r.files.map((f) => f.error)).toEqual([undefined, undefined, undefined]);
    expect(r.study.models.map((m) => m.name).sort()).toEqual([
      'ollama/gemma3',
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
    ]);
    const mmlu = findBenchmark(r.study, 'inspect_evals/mmlu_0_shot')!;
    expect(mmlu.questions).toEqual(['1']);
    expect([...mmlu.scores]).toEqual([0]);
    const pop = findBenchmark(r.study, 'popularity')!;
    expect(pop.models).toEqual(['ollama/gemma3']);
    expect([...pop.scores]).toEqual([1]);
    expect(r.files.find((f) => f.path.includes('popularity_'))!.warnings.join()).toMatch(
      /10 sample\(s\) have no score/,
    );
  });

  it('averages epochs into a pass rate with trials = epochs', async () => {
    const header = {
      version: 2,
      status: 'success',
      eval: { task: 'arc', model: 'm/x', config: { epochs: 3 }, scorers: [{ name: 'choice' }] },
    };
    const sample = (id: number, epoch: number, value: unknown) => ({
      id,
      epoch,
      scores: { choice: { value } },
    });
    const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
    const zip = zipSync({
      'header.json': enc(header),
      'samples/1_epoch_1.json': enc(sample(1, 1, 'C')),
      'samples/1_epoch_2.json': enc(sample(1, 2, 'I')),
      'samples/1_epoch_3.json': enc(sample(1, 3, 'P')),
      'samples/2_epoch_1.json': enc(sample(2, 1, true)),
      'samples/2_epoch_2.json': enc(sample(2, 2, 'yes')),
      'samples/2_epoch_3.json': enc(sample(2, 3, 1)),
    });
    const r = await importFiles([memFile('run.eval', zip)]);
    const b = r.study.benchmarks[0];
    expect(b.questions).toEqual(['1', '2']);
    expect([...b.scores]).toEqual([0.5, 1]);
    expect([...b.trials]).toEqual([3, 3]);
  });

  it('maps score values like value_to_float', () => {
    expect(
      ['C', 'I', 'P', 'N', true, false, 'yes', 'true', 'no', 0.25, '0.75', { a: 'C' }].map(scoreValue),
    ).toEqual([1, 0, 0.5, 0, 1, 0, 1, 1, 0, 0.25, 0.75, 1]);
    expect(scoreValue('maybe')).toBeNaN();
  });

  it('gives a clear error for a truncated .eval archive', async () => {
    const bytes = new Uint8Array(await readFile(`${shared(LOGS)}/mmlu-summary-choices.eval`));
    const r = await importFiles([memFile('cut.eval', bytes.slice(0, 3000))]);
    expect(r.files[0].error).toMatch(
      /^cut\.eval: not a readable \.eval zip archive \(truncated or corrupt\?\)/,
    );
  });
});

describe('HELM', () => {
  it('imports per_instance_stats.json with its run_spec.json, ignoring perturbed instances', async () => {
    const r = await importFiles(await filesAt(fixture('helm/runs/v1')));
    expect(r.files.map((f) => f.error)).toEqual([undefined, undefined]);
    expect(r.study.models.map((m) => m.name)).toEqual(['meta/llama-2-7b']);
    const b = r.study.benchmarks[0];
    expect(b.name).toBe('mmlu:subject=anatomy,method=multiple_choice_joint');
    expect(b.questions.length).toBe(12);
    const stats = JSON.parse(
      await readFile(
        fixture(
          'helm/runs/v1/mmlu:subject=anatomy,method=multiple_choice_joint,model=meta_llama-2-7b/per_instance_stats.json',
        ),
        'utf8',
      ),
    );
    expect(b.scores[0]).toBe(
      stats[0].stats.find((s: { name: { name: string } }) => s.name.name === 'exact_match').mean,
    );
    expect(helmBenchmark('gsm:model=openai_gpt-4,stop=none')).toBe('gsm:stop=none');
  });
  it('falls back to the folder name without run_spec.json', async () => {
    const text = JSON.stringify([
      {
        instance_id: 'id1',
        train_trial_index: 0,
        stats: [{ name: { name: 'exact_match', split: 'test' }, count: 1, sum: 1, mean: 1 }],
      },
    ]);
    const r = await importFiles([memFile('runs/s/boolq:model=openai_gpt-4/per_instance_stats.json', text)]);
    expect(r.study.models[0].name).toBe('openai/gpt-4');
    expect(r.study.benchmarks[0].name).toBe('boolq');
    expect(r.files[0].warnings.join()).toMatch(/no run_spec\.json/);
  });
});

describe('OpenCompass', () => {
  it('imports results/<model>/<dataset>.json details: correct, is_correct per replica', async () => {
    const r = await importFiles(await filesAt(fixture('opencompass/20240601_120000/results')));
    expect(r.files.map((f) => f.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(r.study.models.map((m) => m.name).sort()).toEqual(['llama-2-13b-hf', 'llama-2-7b-hf']);
    const gsm = findBenchmark(r.study, 'gsm8k')!;
    expect(gsm.questions.length).toBe(8);
    expect(gsm.models.length).toBe(2);
    const math = findBenchmark(r.study, 'math-repeat')!;
    expect(math.questions[0]).toBe('math_0');
    expect([...math.trials].every((t) => t === 4)).toBe(true);
    const raw = JSON.parse(
      await readFile(fixture('opencompass/20240601_120000/results/llama-2-7b-hf/math-repeat.json'), 'utf8'),
    );
    const col = math.models.indexOf('llama-2-7b-hf');
    const want = raw.details[0].is_correct.filter(Boolean).length / 4;
    expect(math.scores[col]).toBe(want);
  });
});

describe('detection and folder drops', () => {
  it('rejects empty and unknown files clearly while the others still import', async () => {
    const r = await importFiles([
      memFile('empty.jsonl', ''),
      memFile('what.bin', 'xyz'),
      memFile('odd.json', '{"hello": 1}'),
      memFile('notes.md', '# hi'),
      memFile('a.models.csv', 'model,params,tokens,flops,role\nm,1e9,1e10,,\n'),
    ]);
    expect(r.files[0].error).toBe('empty.jsonl: empty file (0 bytes)');
    expect(r.files[1].error).toMatch(/^what\.bin: unknown format: expected <name>\.models\.csv/);
    expect(r.files[2].error).toMatch(/^odd\.json: unknown JSON content/);
    expect(r.files[3].format).toBe('ignored');
    expect(r.files[3].error).toBeUndefined();
    expect(r.files[4]).toMatchObject({ format: 'canonical-models', rows: 1 });
    expect(r.study.models.length).toBe(1);
  });

  it('aligns questions of several models by (benchmark, id) and keeps models that miss some', async () => {
    const line = (id: number, acc: number) => `{"doc_id": ${id}, "doc": {}, "acc": ${acc}}`;
    const r = await importFiles([
      memFile(
        'org__a/samples_arc_2024-01-01T00-00-00.1.jsonl',
        [line(0, 1), line(1, 0), line(2, 1)].join('\n'),
      ),
      memFile('org__b/samples_arc_2024-01-01T00-00-00.2.jsonl', [line(2, 0), line(0, 1)].join('\n')),
    ]);
    const b = r.study.benchmarks[0];
    expect(b.models).toEqual(['org/a', 'org/b']);
    expect(b.questions).toEqual(['0', '1', '2']);
    expect([...b.scores]).toEqual([1, 1, 0, NaN, 1, 0]);
    expect(r.warnings.join()).toMatch(/model "org\/b" has results for 2 of 3 questions of "arc"; kept/);
  });

  it('reports progress up to the total and throws an AbortError when cancelled', async () => {
    const seen: [number, number][] = [];
    const files = await filesAt(shared('data/format_examples/lm_eval_samples_pythia-14m'));
    await importFiles(files, { onProgress: (a, b) => seen.push([a, b]) });
    const total = files.reduce((a, f) => a + f.size, 0);
    expect(seen.at(-1)).toEqual([total, total]);
    expect(seen.every(([a], i) => i === 0 || a >= seen[i - 1][0])).toBe(true);
    const ac = new AbortController();
    const p = importFiles(files, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
