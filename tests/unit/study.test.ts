import { describe, expect, it } from 'vitest';
import {
  fullSetScore,
  mergeStudies,
  ScoreCollector,
  validateStudy,
  type ModelInfo,
  type Study,
} from '../../src/core/study/study.ts';

const model = (name: string, over: Partial<ModelInfo> = {}): ModelInfo => ({
  name,
  flops: 1e21,
  computeSource: 'file',
  role: 'ladder',
  ...over,
});

function study(rows: [string, string, string, number][], models: ModelInfo[]): Study {
  const c = new ScoreCollector();
  rows.forEach(([m, b, q, s]) => c.add({ model: m, benchmark: b, question: q, score: s, trials: 1 }));
  return { models, benchmarks: c.build(), metrics: [], warnings: [] };
}

describe('ScoreCollector', () => {
  it('builds dense question × model matrices with NaN for missing cells', () => {
    const s = study(
      [
        ['a', 'b1', 'q1', 1],
        ['a', 'b1', 'q2', 0],
        ['c', 'b1', 'q2', 0.5],
      ],
      [model('a'), model('c')],
    );
    const b = s.benchmarks[0];
    expect(b.questions).toEqual(['q1', 'q2']);
    expect(b.models).toEqual(['a', 'c']);
    expect(Array.from(b.scores)).toEqual([1, NaN, 0, 0.5]);
    expect(Array.from(b.trials)).toEqual([1, 0, 1, 1]);
  });

  it('rejects a duplicate row and says where it is', () => {
    const c = new ScoreCollector();
    c.add({ model: 'a', benchmark: 'b', question: 'q', score: 1, trials: 1 });
    expect(() =>
      c.add({ model: 'a', benchmark: 'b', question: 'q', score: 0, trials: 1 }, 'x.scores.csv line 3'),
    ).toThrow('x.scores.csv line 3: duplicate result for model "a", benchmark "b", question "q"');
  });
});

describe('validateStudy', () => {
  it('names each problem precisely', () => {
    const s = study(
      [
        ['a', 'b', 'q1', 1.5],
        ['ghost', 'b', 'q2', 0],
        ['a', 'solo', 'q1', 1],
        ['c', 'solo', 'q2', 1],
      ],
      [model('a'), model('c', { flops: undefined }), model('t', { role: 'target', flops: undefined })],
    );
    const messages = validateStudy(s).map((i) => `${i.level}: ${i.message}`);
    expect(messages).toContain(
      'error: model "c" (ladder) has no training compute: give it a training compute',
    );
    expect(messages).toContain(
      'warning: model "t" (target) has no training compute: give it a compute (or params and tokens) to predict it',
    );
    expect(messages).toContain(
      'error: benchmark "b" has scores of model "ghost", which is not in the models list',
    );
    expect(messages).toContain(
      'error: benchmark "b" has 1 score(s) outside [0,1] (first: question "q1", model "a": 1.5)',
    );
    expect(messages).toContain('error: benchmark "solo": no two models share a question');
    expect(messages).toContain('warning: model "a" has results for 1 of 2 questions of "solo"');
  });
});

describe('mergeStudies', () => {
  it('aligns questions across files by (benchmark, question) and fills model fields', () => {
    const one = study(
      [['a', 'b', 'q1', 1]],
      [model('a', { flops: undefined, computeSource: 'none', params: 7e9 })],
    );
    const two = study(
      [
        ['c', 'b', 'q1', 0],
        ['c', 'b', 'q2', 1],
      ],
      [model('c'), model('a', { tokens: 2e12 })],
    );
    const merged = mergeStudies([one, two]);
    const b = merged.benchmarks[0];
    expect(b.questions).toEqual(['q1', 'q2']);
    expect(b.models).toEqual(['a', 'c']);
    expect(Array.from(b.scores)).toEqual([1, 0, NaN, 1]);
    const a = merged.models.find((m) => m.name === 'a')!;
    expect(a).toMatchObject({ params: 7e9, tokens: 2e12, flops: 1e21, computeSource: 'file' });
  });

  it('refuses two different results for the same cell', () => {
    const one = study([['a', 'b', 'q1', 1]], [model('a')]);
    const two = study([['a', 'b', 'q1', 0]], [model('a')]);
    expect(() => mergeStudies([one, two])).toThrow(
      /duplicate result for model "a", benchmark "b", question "q1"/,
    );
  });
});

describe('fullSetScore', () => {
  it('prefers the metrics file over the mean pass rate', () => {
    const s = study(
      [
        ['a', 'b', 'q1', 1],
        ['a', 'b', 'q2', 0],
      ],
      [model('a')],
    );
    expect(fullSetScore(s, s.benchmarks[0], 'a')).toBe(0.5);
    s.metrics.push({ model: 'a', benchmark: 'b', value: 0.7 });
    expect(fullSetScore(s, s.benchmarks[0], 'a')).toBe(0.7);
  });
});
