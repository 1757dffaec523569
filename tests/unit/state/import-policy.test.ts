import { describe, expect, it } from 'vitest';
import { removeFileData } from '../../../src/ui/state/import-policy.ts';
import type { Study } from '../../../src/core/study/study.ts';
import type { FileEntry } from '../../../src/core/session/schema.ts';

const study: Study = {
  models: [
    { name: 'm1', flops: 1e20, computeSource: 'file', role: 'ladder' },
    { name: 'm2', flops: 2e20, computeSource: 'file', role: 'ladder' },
  ],
  benchmarks: [
    {
      name: 'gsm',
      questions: ['q0', 'q1'],
      models: ['m1', 'm2'],
      scores: Float64Array.from([0.1, 0.2, 0.3, 0.4]),
      trials: Uint32Array.from([1, 1, 1, 1]),
    },
  ],
  metrics: [{ model: 'm2', benchmark: 'arc', value: 0.5 }],
  warnings: [],
};
const file = (path: string, models: string[], benchmarks: string[]): FileEntry => ({
  path,
  format: 'lm-eval-samples',
  size: 1,
  rows: 2,
  warnings: [],
  models,
  benchmarks,
});

describe('removeFileData', () => {
  it("removes a file's score column and drops a model left without data", () => {
    const a = file('m1/samples_gsm.jsonl', ['m1'], ['gsm']);
    const out = removeFileData(study, a, [a]);
    expect(out.models.map((m) => m.name)).toEqual(['m2']);
    expect(out.benchmarks[0].models).toEqual(['m2']);
    expect([...out.benchmarks[0].scores]).toEqual([0.2, 0.4]);
  });

  it('keeps a model that still has metrics from another file', () => {
    const a = file('m2/samples_gsm.jsonl', ['m2'], ['gsm']);
    const r = file('m2/results.json', ['m2'], ['arc', 'gsm']);
    const out = removeFileData(study, a, [a, r]);
    expect(out.models.map((m) => m.name)).toEqual(['m1', 'm2']);
    // Another file also gave m2 on gsm, so its column stays.
    expect(out.benchmarks[0].models).toEqual(['m1', 'm2']);
    const out2 = removeFileData(study, r, [r]);
    expect(out2.metrics).toEqual([]);
  });
});
