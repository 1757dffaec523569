import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { findBenchmark, findModel, fullSetScore } from '../../../src/core/study/study.ts';
import { filesAt, memFile, shared } from './helpers.ts';

const PYTHIA14M = 'data/format_examples/lm_eval_samples_pythia-14m';

function sampleLine(
  id: number,
  filter: string | undefined,
  metrics: Record<string, number>,
  doc: object = { q: `q${id}` },
) {
  return JSON.stringify({
    doc_id: id,
    doc,
    target: '1',
    arguments: { gen_args_0: { arg_0: 'ctx', arg_1: ' 1' } },
    resps: [[['-1.5', 'False']]],
    filtered_resps: [['-1.5', 'False']],
    ...(filter ? { filter, metrics: Object.keys(metrics) } : {}),
    doc_hash: 'h',
    prompt_hash: 'p',
    target_hash: 't',
    ...metrics,
  })
    .replace(/":/g, '": ')
    .replace(/,"/g, ', "');
}

describe('lm-eval samples', () => {
  it('imports the 4 real pythia-14m sample files', async () => {
    const r = await importFiles(await filesAt(shared(PYTHIA14M)));
    expect(r.files.map((f) => f.error)).toEqual([undefined, undefined, undefined, undefined]);
    const counts = Object.fromEntries(r.study.benchmarks.map((b) => [b.name, b.questions.length]));
    expect(counts).toEqual({
      metabench_arc_secondary: 100,
      metabench_gsm8k_secondary: 249,
      metabench_mmlu_secondary: 102,
      metabench_winogrande_secondary: 106,
    });
    expect(r.study.models.map((m) => m.name)).toEqual(['lm_eval_samples_pythia-14m']);
    expect(r.files[0].warnings.join()).toMatch(
      /model name "lm_eval_samples_pythia-14m" comes from the folder name/,
    );
    expect(r.files.find((f) => f.path.includes('gsm8k'))!.warnings.join()).toMatch(
      /doc_id repeats without a "filter" key/,
    );
    expect(r.choices.lmEvalMetrics).toEqual(expect.arrayContaining(['acc', 'acc_norm', 'exact_match']));
  });

  it('scores equal a full JSON.parse of every line (the fast path agrees with the slow one)', async () => {
    const { readFile } = await import('node:fs/promises');
    const path = `${shared(PYTHIA14M)}/samples_metabench_arc_secondary_2024-11-26T10-50-23.349203.jsonl`;
    const lines = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const metric of ['acc', 'acc_norm']) {
      const r = await importFiles(await filesAt(path), { lmEval: { metric } });
      const b = r.study.benchmarks[0];
      for (const l of lines) expect(b.scores[b.questions.indexOf(String(l.doc_id))]).toBe(l[metric]);
    }
  });

  it('picks the filter (none, else first; or the user choice) and names the model from results_*.json', async () => {
    const ts = '2024-11-26T10-50-23.349203';
    const results = {
      results: {
        gsm8k: {
          alias: 'gsm8k',
          'exact_match,strict-match': 0.5,
          'exact_match_stderr,strict-match': 'N/A',
          'exact_match,flexible-extract': 1,
        },
      },
      configs: { gsm8k: { repeats: 1 } },
      config: {
        model: 'hf',
        model_args: 'pretrained=EleutherAI/pythia-160m',
        model_num_parameters: 162322944,
      },
      model_name: 'EleutherAI/pythia-160m',
    };
    const samples = [
      sampleLine(0, 'strict-match', { exact_match: 1 }),
      sampleLine(0, 'flexible-extract', { exact_match: 1 }),
      sampleLine(1, 'strict-match', { exact_match: 0 }),
      sampleLine(1, 'flexible-extract', { exact_match: 1 }),
    ].join('\n');
    const files = () => [
      memFile(`EleutherAI__pythia-160m/results_${ts}.json`, JSON.stringify(results)),
      memFile(`EleutherAI__pythia-160m/samples_gsm8k_${ts}.jsonl`, samples + '\n'),
    ];
    const r = await importFiles(files());
    expect(r.files.map((f) => f.error)).toEqual([undefined, undefined]);
    const m = findModel(r.study, 'EleutherAI/pythia-160m')!;
    expect(m.params).toBe(162322944);
    expect(m.computeSource).toBe('registry');
    const b = findBenchmark(r.study, 'gsm8k')!;
    expect([...b.scores]).toEqual([1, 0]);
    expect(r.study.metrics).toEqual([
      { model: 'EleutherAI/pythia-160m', benchmark: 'gsm8k', value: 0.5, name: 'exact_match,strict-match' },
    ]);
    expect(r.choices.lmEvalFilters).toEqual(expect.arrayContaining(['strict-match', 'flexible-extract']));
    const flex = await importFiles(files(), { lmEval: { filter: 'flexible-extract' } });
    expect([...flex.study.benchmarks[0].scores]).toEqual([1, 1]);
    expect(fullSetScore(flex.study, flex.study.benchmarks[0], 'EleutherAI/pythia-160m')).toBe(1);
  });

  it('uses repeats as trials only when the filter kept every repeat', async () => {
    const line = (id: number, fr: unknown, v: number) =>
      JSON.stringify({
        doc_id: id,
        doc: {},
        resps: [['a', 'b', 'c', 'd']],
        filtered_resps: [fr],
        filter: 'f',
        pass_rate: v,
      });
    const kept = await importFiles([
      memFile(
        'm/samples_t_2024-01-01T00-00-00.0.jsonl',
        [line(0, ['a', 'b', 'c', 'd'], 0.25), line(1, ['a', 'b', 'c', 'd'], 1)].join('\n'),
      ),
    ]);
    expect([...kept.study.benchmarks[0].trials]).toEqual([4, 4]);
    expect([...kept.study.benchmarks[0].scores]).toEqual([0.25, 1]);
    const reduced = await importFiles([
      memFile('m/samples_t_2024-01-01T00-00-00.0.jsonl', [line(0, 'a', 1), line(1, 'b', 0)].join('\n')),
    ]);
    expect([...reduced.study.benchmarks[0].trials]).toEqual([1, 1]);
    expect(reduced.files[0].warnings.join()).toMatch(/reduced them to one answer/);
  });

  it('never takes a metric key nested in "doc"', async () => {
    const first = sampleLine(2, 'none', { acc: 0 });
    const nested = sampleLine(3, 'none', { acc: 1 }, { acc: 0, text: 'x "acc": 0 }' });
    const docLast = '{"doc_id": 4, "filter": "none", "acc": 1, "doc": {"acc": 0}}';
    const r = await importFiles([
      memFile('m/samples_t_2024-01-01T00-00-00.0.jsonl', [first, nested, docLast].join('\n') + '\n'),
    ]);
    expect(r.files[0].error).toBeUndefined();
    expect([...r.study.benchmarks[0].scores]).toEqual([0, 1, 1]);
  });

  it('reports a missing metric, a non-score metric and broken JSON with file and line', async () => {
    const ok = sampleLine(0, 'none', { acc: 1 });
    const cases: [string, RegExp][] = [
      [
        ok + '\n' + sampleLine(1, 'none', { f1: 1 }),
        /line 2, field "acc": expected the per-sample metric "acc" as a number \(this line has: f1\)/,
      ],
      [
        sampleLine(0, 'none', { bleu: 23.5 }),
        /line 1, field "bleu": per-sample metric "bleu" is 23.5, not a score in \[0,1\]/,
      ],
      [ok + '\n{"doc_id": 1, "doc": {', /line 2: invalid JSON/],
      [ok + '\n' + ok, /line 2: duplicate result/],
    ];
    for (const [text, re] of cases) {
      const r = await importFiles([memFile('m/samples_t_2024-01-01T00-00-00.0.jsonl', text)]);
      expect(r.files[0].error).toMatch(/^m\/samples_t_2024-01-01T00-00-00\.0\.jsonl/);
      expect(r.files[0].error).toMatch(re);
    }
  });
});

describe('lm-eval results files', () => {
  it('imports v0.3 results of OPT, BLOOM, XGLM, LLaMA and MPT as full-set metrics', async () => {
    const r = await importFiles(await filesAt(shared('data/lm_eval_v03_results')));
    expect(r.files.filter((f) => f.error)).toEqual([]);
    expect(r.study.benchmarks).toEqual([]);
    const names = r.study.models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['bigscience/bloom-1b1', 'facebook/opt-125m', 'llama-13B']));
    const gsm = r.study.metrics.find(
      (x) => x.model === 'bigscience/bloom-1b1' && x.benchmark === 'gsm8k@8shot',
    )!;
    expect(gsm.value).toBeCloseTo(0.008339651250947688, 15);
    expect(r.warnings.concat(r.files.flatMap((f) => f.warnings)).join('\n')).toMatch(
      /"llama-13B" taken from the folder name \(model_args names a local path/,
    );
    expect(findModel(r.study, 'facebook/opt-125m')!.computeSource).toBe('registry');
    expect(r.study.metrics.every((x) => x.value >= 0 && x.value <= 1)).toBe(true);
  });

  it('imports the Pythia v0.3 evals across checkpoints with registry compute per step', async () => {
    const r = await importFiles(await filesAt(shared('data/pythia/pythia-v1/pythia-160m')));
    expect(r.files.filter((f) => f.error)).toEqual([]);
    const m = findModel(r.study, 'EleutherAI/pythia-v1.1-160m@step3000')!;
    expect(m).toMatchObject({ tokens: 3000 * 2097152, computeSource: 'registry' });
    const sciq0 = r.study.metrics.find((x) => x.model === m.name && x.benchmark === 'sciq');
    const sciq5 = r.study.metrics.find((x) => x.model === m.name && x.benchmark === 'sciq@5shot');
    expect(sciq5!.value).toBe(0.626);
    expect(sciq0).toBeDefined();
  });
});
