/** Issue 14, finding 5: a ladder with no signal is never "ok", and no output leaves [0,1]. */
import { describe, expect, it } from 'vitest';
import { runBaselines } from '../../../src/core/methods/baselines/index.ts';
import { predict } from '../../../src/core/pipeline/predict.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { PAPER_PARAMS } from '../../../src/core/study/params.ts';
import { ScoreCollector, type ModelInfo, type Study } from '../../../src/core/study/study.ts';

/** 300 questions that every ladder model fails in all 100 trials. */
function flatStudy(): Study {
  const models: ModelInfo[] = Array.from({ length: 6 }, (_, i) => ({
    name: `m${i}`,
    flops: 1e19 * 3 ** i,
    computeSource: 'file',
    role: 'ladder',
  }));
  const c = new ScoreCollector();
  for (const m of models)
    for (let q = 0; q < 300; q++)
      c.add({ model: m.name, benchmark: 'b', question: `q${q}`, score: 0, trials: 100 });
  return { models, benchmarks: c.build(), metrics: [], warnings: [] };
}

describe('degenerate data', () => {
  it('refuses every law baseline on a ladder with no signal, saying why', () => {
    const results = runBaselines(flatStudy(), { name: 'big', flops: 1e23 });
    for (const r of results) {
      const b = r.benchmarks[0];
      if (r.method === 'largest') continue;
      expect(b.status, r.method).not.toBe('ok');
    }
    const pass = results.find((r) => r.method === 'e2e-passrate')!.benchmarks[0];
    expect(pass.status).toBe('refused');
    expect(pass.warnings[0]).toMatch(/^no signal: every ladder model scores 0\.0%/);
  });

  it('keeps cluster predictions in [0,1] under the paper preset', () => {
    const { study } = simulateStudy({
      seed: 5,
      benchmarks: [{ name: 'b', questions: 400, guess: 0, mix: { saturated: 1, emergent: 4, late: 2 } }],
    });
    const target = study.models.find((m) => m.role === 'target')!;
    const r = predict(study, { name: 'far', flops: (target.flops ?? 1e24) * 1000 }, PAPER_PARAMS);
    for (const b of r.benchmarks) {
      for (const k of b.cod?.clusters ?? []) {
        if (Number.isNaN(k.predicted)) continue;
        expect(k.predicted).toBeGreaterThanOrEqual(0);
        expect(k.predicted).toBeLessThanOrEqual(1);
      }
      if (Number.isFinite(b.predicted)) expect(b.predicted).toBeLessThanOrEqual(1);
    }
  });
});
