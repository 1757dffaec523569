import { describe, expect, it } from 'vitest';
import { modelRows, rowWindow } from '../../../src/ui/views/models.ts';
import type { Study } from '../../../src/core/study/study.ts';

describe('modelRows', () => {
  it('lists every model by compute, unknown compute last, with its benchmark count', () => {
    const study: Study = {
      models: [
        { name: 'b', flops: 2e20, computeSource: 'file', role: 'ladder' },
        { name: 'x', computeSource: 'none', role: 'ladder' },
        { name: 'a', flops: 1e20, computeSource: 'file', role: 'target' },
      ],
      benchmarks: [
        {
          name: 'q',
          questions: ['1'],
          models: ['a', 'b'],
          scores: new Float64Array(2),
          trials: new Uint32Array(2),
        },
      ],
      metrics: [],
      warnings: [],
    };
    expect(modelRows(study).map((r) => [r.name, r.benchmarks, r.role])).toEqual([
      ['a', 1, 'target'],
      ['b', 1, 'ladder'],
      ['x', 0, 'ladder'],
    ]);
  });
});

describe('rowWindow', () => {
  it('draws the rows in view plus the overscan, and pads the rest', () => {
    const w = rowWindow(1000, 40, 4000, 800, 10);
    expect(w).toEqual({ start: 90, end: 130, before: 3600, after: 870 * 40 });
  });
  it('clamps at both ends', () => {
    expect(rowWindow(50, 40, -500, 800, 10)).toEqual({ start: 0, end: 18, before: 0, after: 1280 });
    expect(rowWindow(50, 40, 10_000, 800, 10).end).toBe(50);
  });
});
