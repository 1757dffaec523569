import { describe, expect, it } from 'vitest';
import { SweepState } from '../../../src/ui/state/sweep.svelte.ts';
import { SweepPool, type SweepWorker } from '../../../workers/sweep.pool.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import type { PredictParams } from '../../../src/core/study/types.ts';

const sim = simulateStudy({
  seed: 3,
  benchmarks: [{ name: 'a', questions: 50, guess: 0, mix: { emergent: 1 } }],
});

describe("the sweep section's R terms", () => {
  it('are computed again when a setting they read changes (the pass rates too), and not for one they do not', async () => {
    const asked: PredictParams[] = [];
    const worker = {
      setStudy: async () => {},
      bandwidth: async (_v: number, _t: unknown, params: PredictParams) => {
        asked.push(params);
        return [{ benchmark: 'a', quantile: params.quantile, estimate: asked.length } as never];
      },
    } as unknown as SweepWorker;
    const sweep = new SweepState(new SweepPool(1, () => worker));
    const inputs = { study: sim.study, version: 1, target: sim.target, params: DEFAULT_PARAMS };
    await sweep.checkBandwidth(inputs);
    await sweep.checkBandwidth({ ...inputs, params: { ...DEFAULT_PARAMS, minB: 0.5 } });
    expect(asked.length).toBe(1);
    await sweep.checkBandwidth({ ...inputs, params: { ...DEFAULT_PARAMS, passRates: 'raw' } });
    await sweep.checkBandwidth({ ...inputs, params: { ...DEFAULT_PARAMS, passRates: 'raw', quantile: 0.2 } });
    expect(asked.map((p) => [p.passRates, p.quantile])).toEqual([
      [DEFAULT_PARAMS.passRates, DEFAULT_PARAMS.quantile],
      ['raw', DEFAULT_PARAMS.quantile],
      ['raw', 0.2],
    ]);
    expect(sweep.bandwidth[0].estimate).toBe(3);
  });
});
