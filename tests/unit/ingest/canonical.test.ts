import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { columnMean, findBenchmark, findModel } from '../../../src/core/study/study.ts';
import { filesAt, memFile, shared } from './helpers.ts';

const MODELS = 'model,params,tokens,flops,role\n';

describe('canonical CSV study', () => {
  it('imports the real mmlu_pro and pythia_arith studies', async () => {
    const r = await importFiles(await filesAt(shared('data/studies')));
    expect(r.files.every((f) => !f.error)).toBe(true);
    const b = findBenchmark(r.study, 'mmlu_pro')!;
    expect(b.questions.length).toBe(12032);
    expect(b.models.length).toBe(15);
    const llama = findModel(r.study, 'Llama-2-7b-hf')!;
    expect(llama).toMatchObject({
      params: 7e9,
      tokens: 2e12,
      flops: 6 * 7e9 * 2e12,
      computeSource: '6ND',
      role: 'ladder',
    });
    expect(findModel(r.study, 'Meta-Llama-3-70B')!.role).toBe('target');
    expect(r.files.find((f) => f.path.endsWith('mmlu_pro.scores.csv'))!.rows).toBe(180480);
    const arith = r.study.benchmarks.filter((x) => x.name.startsWith('arith_'));
    expect(arith.length).toBe(5);
    expect(arith[0].models.length).toBe(42);
    const col = arith[0].models.indexOf('pythia-160m-deduped@13000');
    expect(arith[0].trials[col]).toBe(50);
    expect(columnMean(b, b.models.indexOf('Llama-2-7b-hf'))).toBeGreaterThan(0.05);
    // DeepSeek-like partial coverage is a warning, not an error
    expect(
      r.warnings.some((w) => /has results for \d+ of 12032 questions/.test(w)) ||
        b.scores.every((s) => !Number.isNaN(s)),
    ).toBe(true);
  });

  it('keeps loss columns, ignores extra columns with a notice, defaults the role, derives flops', async () => {
    const r = await importFiles([
      memFile(
        's.models.csv',
        'model,params,tokens,flops,role,loss,loss:web,notes\na,1e8,2e9,,,2.5,2.7,x\nb,7B,1.8T,5e21,anchor,,,\n',
      ),
      memFile('s.scores.csv', 'model,benchmark,question,score\na,q,1,0.5\nb,q,1,1\n'),
      memFile('s.metrics.csv', 'model,benchmark,value\na,q,0.4\n'),
    ]);
    expect(r.files.map((f) => f.error)).toEqual([undefined, undefined, undefined]);
    const [a, b] = r.study.models;
    expect(a).toMatchObject({
      role: 'ladder',
      flops: 1.2e18,
      computeSource: '6ND',
      loss: 2.5,
      domainLosses: { web: 2.7 },
    });
    expect(b).toMatchObject({
      params: 7e9,
      tokens: 1.8e12,
      flops: 5e21,
      computeSource: 'file',
      role: 'anchor',
    });
    expect(r.files[0].warnings.join()).toMatch(/ignored extra column\(s\) notes/);
    expect(r.study.metrics).toEqual([{ model: 'a', benchmark: 'q', value: 0.4 }]);
    expect(r.study.benchmarks[0].trials[0]).toBe(1);
  });

  const bad: [string, string, string, RegExp][] = [
    [
      'wrong header',
      MODELS + 'a,1,1,,\n',
      'model,bench,question,score\n',
      /s\.scores\.csv, line 1: header must have .*missing: benchmark/,
    ],
    [
      'non-numeric score',
      MODELS + 'a,1,1,,\n',
      'model,benchmark,question,score\na,q,1,0.5\na,q,2,abc\n',
      /s\.scores\.csv, line 3, field "score": expected a number/,
    ],
    [
      'score outside [0,1]',
      MODELS + 'a,1,1,,\n',
      'model,benchmark,question,score\na,q,1,45\n',
      /line 2, field "score": expected a number in \[0,1\] \(pass rates, not percentages\), got "45"/,
    ],
    [
      'duplicate row',
      MODELS + 'a,1,1,,\n',
      'model,benchmark,question,score\na,q,1,0\na,q,1,1\n',
      /s\.scores\.csv line 3: duplicate result for model "a"/,
    ],
    [
      'unknown model',
      MODELS + 'a,1,1,,\n',
      'model,benchmark,question,score\nz,q,1,0\n',
      /line 2, field "model": unknown model "z"/,
    ],
    [
      'bad trials',
      MODELS + 'a,1,1,,\n',
      'model,benchmark,question,score,trials\na,q,1,0,2.5\n',
      /field "trials": expected a positive integer/,
    ],
  ];
  it.each(bad)('reports %s precisely and still imports the models', async (_n, models, scores, re) => {
    const r = await importFiles([memFile('s.models.csv', models), memFile('s.scores.csv', scores)]);
    expect(r.files[1].error).toMatch(re);
    expect(r.files[0].error).toBeUndefined();
    expect(r.study.models.map((m) => m.name)).toEqual(['a']);
  });

  it('reports a bad role and a duplicate model in models.csv', async () => {
    const r = await importFiles([
      memFile('x.models.csv', MODELS + 'a,1,1,,boss\n'),
      memFile('y.models.csv', MODELS + 'a,1,1,,\na,2,2,,\n'),
    ]);
    expect(r.files[0].error).toMatch(/x\.models\.csv, line 2, field "role": unknown role "boss"/);
    expect(r.files[1].error).toMatch(/y\.models\.csv, line 3: model "a" is listed twice \(first on line 2\)/);
  });
});
