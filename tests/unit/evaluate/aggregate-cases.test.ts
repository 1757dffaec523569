import { describe, expect, it } from 'vitest';
import { aggregateCases } from '../../../scripts/aggregate-cases.ts';
import { runCase } from '../../../src/core/evaluate/suite.ts';

// Needs ../shared/data/obsscaling (the test command checks the shared folder is there before any test runs).
const data = new URL('../../../../shared/data', import.meta.url).pathname;

describe("the real-agg family (full-set scores: ObsScaling's table, Pythia's own results)", () => {
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
  it("reads sloth's Open LLM Leaderboard v2 table: base models only, on the six headline benchmarks", async () => {
    const cases = (await aggregateCases(data)).filter((c) => c.label.startsWith('Open LLM Leaderboard v2'));
    const qwen2 = cases.find((c) => c.label.includes(' qwen2 '))!;
    expect(qwen2.target).toBe('qwen2-72b');
    expect(qwen2.study.models.map((m) => m.name).sort()).toEqual([
      'qwen2-0.5b',
      'qwen2-1.5b',
      'qwen2-72b',
      'qwen2-7b',
    ]);
    expect([...new Set(qwen2.study.metrics.map((m) => m.benchmark))].sort()).toEqual([
      'BBH',
      'GPQA',
      'IFEval',
      'MATH Lvl 5',
      'MMLU-PRO',
      'MUSR',
    ]);
    for (const c of cases) expect(c.study.models.every((m) => !/instruct|chat/i.test(m.name))).toBe(true);
  });
  it("reads Pythia's own results as three ladders: final checkpoints, deduped and original, and every checkpoint", async () => {
    const cases = (await aggregateCases(data)).filter((c) => c.label.startsWith('Pythia v1'));
    expect(cases.map((c) => [c.target, c.study.models.length])).toEqual([
      ['pythia-12b-deduped@143000', 8],
      ['pythia-12b@143000', 7], // no original 1b run
      ['pythia-12b-deduped@143000', 1 + 7 * 16], // 7 smaller sizes, steps 1,000 … 143,000
    ]);
    const [, , checkpoints] = cases;
    expect(checkpoints.study.models.filter((m) => m.name.startsWith('pythia-12b'))).toHaveLength(1);
    const sciq = checkpoints.study.metrics.find(
      (m) => m.model === 'pythia-70m-deduped@1000' && m.benchmark === 'sciq',
    );
    expect(sciq?.value).toBeGreaterThan(0.2);
    expect(checkpoints.study.models.find((m) => m.name === 'pythia-6.9b-deduped@143000')?.flops).toBeCloseTo(
      1.234e22,
      -19,
    );
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
