import { describe, expect, it } from 'vitest';
import { predictionRows } from '../../../src/ui/views/prediction.ts';
import type { BenchmarkPrediction, PredictResult } from '../../../src/core/study/types.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';

const result = (method: string, benchmarks: string[]): PredictResult => ({
  target: { name: 't', flops: 1e24 },
  method,
  params: DEFAULT_PARAMS,
  warnings: [],
  benchmarks: benchmarks.map((benchmark): BenchmarkPrediction => ({
    benchmark,
    method,
    status: 'ok',
    predicted: 0.5,
    low: 0.4,
    high: 0.6,
    actual: null,
    error: null,
    warnings: [],
  })),
});

describe('predictionRows', () => {
  it('leads each benchmark with the default, then COD, then the other methods', () => {
    const rows = predictionRows(result('cod', ['a', 'b']), [
      result('e2e-exp', ['a', 'b']),
      result('default', ['a', 'b']),
      result('largest', ['b']),
    ]);
    expect(rows.map((r) => `${r.benchmark}:${r.method}`)).toEqual([
      'a:default',
      'a:cod',
      'a:e2e-exp',
      'b:default',
      'b:cod',
      'b:e2e-exp',
      'b:largest',
    ]);
  });

  it('keeps COD first without a default', () => {
    const rows = predictionRows(result('cod', ['a']), [result('bnsl', ['a'])]);
    expect(rows.map((r) => r.method)).toEqual(['cod', 'bnsl']);
  });
});
