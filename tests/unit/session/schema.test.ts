import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import type { PredictParams } from '../../../src/core/study/types.ts';
import { SESSION_VERSION, migrateSession, studySize, summarize } from '../../../src/core/session/schema.ts';

const defaults: PredictParams = {
  ...DEFAULT_PARAMS,
  dbscanEps: 0.1,
  dbscanMinPts: 5,
  mapping: 'monotone',
  useAnchors: false,
};

const v1 = {
  id: 's1',
  name: 'my ladder',
  savedAt: 1_700_000_000_000,
  study: {
    models: [
      { name: 'a', flops: 1e20, computeSource: 'file', role: 'ladder' },
      { name: 'b', flops: 1e21, computeSource: 'user', role: 'ladder' },
      { name: 'big', flops: 1e23, computeSource: 'user', role: 'target' },
    ],
    benchmarks: [
      {
        name: 'gsm',
        questions: ['q1', 'q2'],
        models: ['a', 'b'],
        scores: [0.1, null, 0.5, 0.9],
        trials: [10, 0, 10, 10],
      },
    ],
  },
  params: { quantile: 0.3, thresholds: { a: 0.5, c: 0.8 }, law: 'f2' },
  target: 'big',
};

describe('migrateSession', () => {
  it('upgrades a version-1 record to the current schema', () => {
    const r = migrateSession(structuredClone(v1), 1, defaults);
    expect(r.version).toBe(SESSION_VERSION);
    expect(r.created).toBe(v1.savedAt);
    const b = r.study.benchmarks[0];
    expect(b.scores).toBeInstanceOf(Float64Array);
    expect(Number.isNaN(b.scores[1])).toBe(true);
    expect([...b.scores.filter((v) => !Number.isNaN(v))]).toEqual([0.1, 0.5, 0.9]);
    expect([...b.trials]).toEqual([10, 0, 10, 10]);
    expect(r.study.metrics).toEqual([]);
    expect(r.study.models[1].computeSource).toBe('user');
    expect(r.params).toEqual({ ...defaults, quantile: 0.3, law: 'f2', minA: 0.5, maxC: 0.8 });
    expect('thresholds' in r.params).toBe(false);
    expect(r.target).toEqual({ kind: 'model', name: 'big' });
    expect(r.view.open.prediction).toBe(true);
    expect(r.files).toEqual([]);
    expect(r.size).toBe(studySize(r.study));
    expect(summarize(r)).toMatchObject({ id: 's1', name: 'my ladder', files: 0 });
  });

  it('fills trials of a version-1 record that had none', () => {
    const old = structuredClone(v1);
    delete (old.study.benchmarks[0] as { trials?: number[] }).trials;
    expect([...migrateSession(old, 1, defaults).study.benchmarks[0].trials]).toEqual([1, 0, 1, 1]);
  });

  it('keeps a current record and fills parameters and views added later', () => {
    const cur = migrateSession(structuredClone(v1), 1, defaults);
    const partial = structuredClone(cur) as unknown as Record<string, unknown>;
    delete (partial.params as Record<string, unknown>).seed;
    (partial.view as Record<string, unknown>).open = { data: false };
    const r = migrateSession(partial, SESSION_VERSION, defaults);
    expect(r.params.seed).toBe(1);
    expect(r.view.open).toEqual({
      data: false,
      difficulty: true,
      clusters: true,
      mapping: true,
      prediction: true,
    });
    expect(r.study.benchmarks[0].scores).toBeInstanceOf(Float64Array);
  });

  it('refuses records from a newer build and non-sessions', () => {
    expect(() => migrateSession(structuredClone(v1), SESSION_VERSION + 1, defaults)).toThrow(/newer version/);
    expect(() => migrateSession({ name: 'x' }, 1, defaults)).toThrow(/not a saved session/);
    expect(() => migrateSession(null, 2, defaults)).toThrow(/not a saved session/);
  });
});
