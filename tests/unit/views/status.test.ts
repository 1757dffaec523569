import { describe, expect, it } from 'vitest';
import { anyComputing, sectionStates, type StatusInputs } from '../../../src/ui/views/status.ts';
import type { ComputeResponse } from '../../../workers/protocol.ts';
import type { BenchmarkPrediction } from '../../../src/core/study/types.ts';
import { emptyResponse } from '../../../src/core/pipeline/engine.ts';

const base: StatusInputs = {
  loaded: true,
  importing: false,
  targetError: null,
  hasData: true,
  benchmark: 'b',
  current: null,
  error: null,
};

function response(pred: Partial<BenchmarkPrediction> | null, extra: Partial<ComputeResponse> = {}) {
  return {
    ...emptyResponse(1),
    cod: pred
      ? {
          target: { name: 't', flops: 1e24 },
          method: 'cod',
          params: {} as never,
          warnings: [],
          benchmarks: [{ benchmark: 'b', method: 'cod', status: 'ok', warnings: [], ...pred } as never],
        }
      : null,
    ...extra,
  } as ComputeResponse;
}

describe('sectionStates', () => {
  it('is computing until the current inputs have an answer, and busy while so', () => {
    const s = sectionStates(base);
    expect(s.prediction.status).toBe('computing');
    expect(s.data.status).toBe('current');
    expect(anyComputing(s)).toBe(true);
  });

  it('refuses every result section with the reason when the target cannot be computed', () => {
    const s = sectionStates({ ...base, targetError: 'cannot read "banana"', current: null });
    for (const k of ['difficulty', 'clusters', 'mapping', 'prediction'] as const) {
      expect(s[k]).toEqual({ status: 'refused', reason: 'cannot read "banana"' });
    }
    expect(anyComputing(s)).toBe(false);
  });

  it('shows a failed request as an error that ends the busy state', () => {
    const s = sectionStates({ ...base, error: 'worker crashed' });
    expect(s.clusters).toEqual({ status: 'error', reason: 'worker crashed' });
    expect(anyComputing(s)).toBe(false);
  });

  it('refuses clusters and mapping when COD refused the benchmark, naming why', () => {
    const s = sectionStates({ ...base, current: response({ warnings: ['only 2 ladder models'] }) });
    expect(s.clusters.status).toBe('refused');
    expect(s.clusters.reason).toContain('only 2 ladder models');
    expect(s.prediction.status).toBe('current');
  });

  it('is current when COD details are there, and an error for a benchmark that failed', () => {
    expect(sectionStates({ ...base, current: response({ cod: {} as never }) }).mapping.status).toBe(
      'current',
    );
    const failed = response(null, { errors: [{ benchmark: 'b', message: 'fit failed' }] });
    expect(sectionStates({ ...base, current: failed }).clusters).toEqual({
      status: 'error',
      reason: 'fit failed',
    });
  });

  it('refuses an empty session with a hint to drop files, and computes while importing', () => {
    expect(sectionStates({ ...base, hasData: false }).prediction.reason).toMatch(/drop evaluation files/);
    const s = sectionStates({ ...base, importing: true });
    expect(s.data.status).toBe('computing');
  });

  it("makes difficulty, clusters and mapping current with COD's part, the prediction only with the whole answer", () => {
    const codPart = response({ cod: {} as never }, { difficulty: { benchmark: 'b' } as never });
    const s = sectionStates({ ...base, cod: codPart });
    expect([s.difficulty.status, s.clusters.status, s.mapping.status]).toEqual([
      'current',
      'current',
      'current',
    ]);
    expect(s.prediction.status).toBe('computing');
    expect(anyComputing(s)).toBe(true);
    const whole = sectionStates({ ...base, cod: codPart, current: codPart });
    expect(whole.prediction.status).toBe('current');
    expect(anyComputing(whole)).toBe(false);
    // A failed request shows its error everywhere, whatever part had arrived.
    expect(sectionStates({ ...base, cod: codPart, error: 'stopped' }).clusters.status).toBe('error');
  });
});
