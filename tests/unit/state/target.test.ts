import { describe, expect, it } from 'vitest';
import type { Study } from '../../../src/core/study/study.ts';
import { resolveTarget } from '../../../src/ui/state/target.ts';
import { LatestRequest } from '../../../src/ui/state/workers.ts';

const study: Study = {
  models: [
    { name: 'big', flops: 3.8e24, computeSource: 'file', role: 'target' },
    { name: 'nocompute', computeSource: 'none', role: 'target' },
  ],
  benchmarks: [],
  metrics: [],
  warnings: [],
};

describe('resolveTarget', () => {
  it('uses a model’s compute, or the override', () => {
    expect(resolveTarget(study, { kind: 'model', name: 'big' })).toEqual({
      spec: { name: 'big', flops: 3.8e24 },
      error: null,
    });
    expect(resolveTarget(study, { kind: 'model', name: 'big', flops: 1e25 }).spec?.flops).toBe(1e25);
  });
  it('reads a planned run by 6ND', () => {
    const r = resolveTarget(study, { kind: 'planned', text: ' 70B on 15T tokens ' });
    expect(r.spec?.name).toBe('70B on 15T tokens');
    expect(r.spec?.flops).toBeCloseTo(6 * 70e9 * 15e12, -10);
  });
  it('says why there is no target', () => {
    expect(resolveTarget(study, null).error).toMatch(/Choose a target/);
    expect(resolveTarget(study, { kind: 'model', name: 'gone' }).error).toMatch(/not in the study/);
    expect(resolveTarget(study, { kind: 'model', name: 'nocompute' }).error).toMatch(/training compute/);
    expect(resolveTarget(study, { kind: 'planned', text: 'seventy billion' }).error).toMatch(/expected/);
  });
});

describe('LatestRequest', () => {
  it('lets only the newest id count', () => {
    const l = new LatestRequest();
    const a = l.next();
    const b = l.next();
    expect(l.isCurrent(a)).toBe(false);
    expect(l.isCurrent(b)).toBe(true);
    expect(l.current).toBe(b);
  });
});
