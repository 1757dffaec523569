import { describe, expect, it } from 'vitest';
import { aggregateCases } from '../../../scripts/aggregate-cases.ts';
import { runCase } from '../../../src/core/evaluate/suite.ts';

// Needs ../shared/data/obsscaling (the test command checks the shared folder is there before any test runs).
const data = new URL('../../../../shared/data', import.meta.url).pathname;

describe("the real-agg family (ObsScaling's full-set scores)", () => {
  it('makes one study per family of four or more models with compute, the largest-compute model the target', async () => {
    const cases = await aggregateCases(data);
    const families = cases.map((c) => c.label.split(' → ')[0]);
    expect(families).toContain('Pythia');
    expect(families).toContain('Qwen1.5');
    // Qwen2's five models have no compute in the table.
    expect(families).not.toContain('Qwen2');
    for (const c of cases) {
      expect(c.family).toBe('real-agg');
      const withCompute = c.study.models.filter((m) => m.flops);
      expect(withCompute.length).toBe(c.study.models.length);
      expect(withCompute.length).toBeGreaterThanOrEqual(4);
      const target = c.study.models.find((m) => m.name === c.target)!;
      for (const m of c.study.models) expect(m.flops!).toBeLessThanOrEqual(target.flops!);
      expect(c.study.benchmarks).toEqual([]);
      expect(new Set(c.study.metrics.map((m) => m.benchmark)).size).toBeGreaterThanOrEqual(6);
    }
    const qwen = cases.find((c) => c.label.startsWith('Qwen1.5'))!;
    // Qwen1.5-110B has no compute in the table, so the 72B model is the target.
    expect(qwen.target).toBe('Qwen1.5-72B');
    expect(
      qwen.study.metrics.find((m) => m.model === 'Qwen1.5-72B' && m.benchmark === 'MMLU')?.value,
    ).toBeCloseTo(0.772, 3);
  });
  it('predicts the target from full-set scores: the default and e2e-exp give numbers, the per-question fits none', async () => {
    const pythia = (await aggregateCases(data)).find((c) => c.label.startsWith('Pythia'))!;
    const rows = runCase(pythia);
    const by = (m: string) => rows.filter((r) => r.method === m);
    expect(by('default').every((r) => r.predicted !== null && r.error !== null)).toBe(true);
    expect(by('e2e-exp').every((r) => r.predicted !== null)).toBe(true);
    expect(by('e2e-passrate').every((r) => r.predicted === null)).toBe(true);
  });
});
