import { describe, expect, it } from 'vitest';
import { chartRows, predictionRows } from '../../../src/ui/views/prediction.ts';
import type { BenchmarkPrediction, PredictResult } from '../../../src/core/study/types.ts';

const pred = (method: string, p: Partial<BenchmarkPrediction>): BenchmarkPrediction => ({
  benchmark: 'mmlu',
  method,
  status: 'ok',
  predicted: 0.5,
  low: 0.4,
  high: 0.6,
  actual: 0.55,
  error: 5,
  warnings: [],
  ...p,
});
const result = (method: string, p: Partial<BenchmarkPrediction>): PredictResult => ({
  target: { name: 't', flops: 1e24 },
  method,
  params: {} as never,
  warnings: [],
  benchmarks: [pred(method, p)],
});

describe('predictionRows', () => {
  it('gives a refused method no number, no interval and no error, whatever fallback it carries', () => {
    const [cod] = predictionRows(result('cod', { status: 'refused', predicted: 0.282, error: 0 }), []);
    expect(cod).toMatchObject({ status: 'refused', predicted: null, low: null, high: null, error: null });
    expect(chartRows([cod])).toEqual([]);
  });

  it('draws no interval for methods that have none, nor a zero-width one', () => {
    const rows = predictionRows(result('cod', { low: 0.5, high: 0.5 }), [
      result('largest', { low: 0.36, high: 1 }),
      result('e2e-exp', {}),
    ]);
    expect(rows.map((r) => [r.method, r.low, r.high])).toEqual([
      ['cod', null, null],
      ['largest', null, null],
      ['e2e-exp', 0.4, 0.6],
    ]);
    expect(rows.map((r) => r.label)).toEqual(['COD', 'Largest ladder model', 'End-to-end (exp)']);
    expect(new Set(rows.map((r) => r.colour)).size).toBe(3);
  });

  it('carries the default method explanation', () => {
    const explanation = { candidates: [{ method: 'cod', weight: 1, predicted: 0.5 }], rule: 'lowest error' };
    const [row] = predictionRows(result('default', { explanation } as never), []);
    expect(row.explanation).toEqual(explanation);
  });
});
