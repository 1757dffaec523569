import { afterAll, describe, expect, it } from 'vitest';
import { predictDefault } from '../../src/core/methods/default.ts';
import { DEFAULT_PARAMS, predict } from '../../src/core/pipeline/predict.ts';
import { simulateStudy } from '../../src/core/simulate/simulate.ts';
import { predictDefaultInParallel } from '../../src/node/default-parallel.ts';
import { closeWorkers, predictInParallel } from '../../src/node/parallel.ts';

afterAll(() => closeWorkers());

describe('predictInParallel', () => {
  it('gives exactly what predict gives, in the study’s benchmark order', async () => {
    const sim = simulateStudy({
      seed: 21,
      benchmarks: [
        { name: 'small', questions: 250, guess: 0, mix: { emergent: 3, saturated: 1 } },
        { name: 'large', questions: 600, guess: 0.25, mix: { emergent: 3, late: 1, never: 1 } },
        { name: 'mid', questions: 400, guess: 0, mix: { emergent: 2, flat: 1 } },
      ],
    });
    const serial = predict(sim.study, sim.target, { mapping: 'spline' });
    const parallel = await predictInParallel(sim.study, sim.target, { mapping: 'spline' }, 2);
    expect(parallel.benchmarks.map((b) => b.benchmark)).toEqual(['small', 'large', 'mid']);
    expect(parallel.params).toEqual(serial.params);
    parallel.benchmarks.forEach((b, i) => {
      expect(b.predicted).toBe(serial.benchmarks[i].predicted);
      expect(b.cod!.labels).toEqual(serial.benchmarks[i].cod!.labels);
      expect(b.warnings).toEqual(serial.benchmarks[i].warnings);
    });
  });
});

describe('predictDefaultInParallel', () => {
  it('gives exactly what predictDefault gives, with sampled self-backtests too', async () => {
    const sim = simulateStudy({
      seed: 22,
      benchmarks: [
        { name: 'a', questions: 400, guess: 0, mix: { emergent: 3, saturated: 1 } },
        { name: 'b', questions: 200, guess: 0.25, mix: { emergent: 2, late: 1 } },
      ],
    });
    const options = {
      candidates: ['cod', 'e2e-passrate', 'largest'],
      params: { ...DEFAULT_PARAMS, seeding: 'grid' as const },
      sampleRows: 300,
    };
    const serial = predictDefault(sim.study, sim.target, options);
    expect(serial.benchmarks[0].warnings.join(' ')).toMatch(/seeded sample of 300/);
    expect(await predictDefaultInParallel(sim.study, sim.target, options, 2)).toEqual(serial);
  });
});
