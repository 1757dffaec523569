import { describe, expect, it } from 'vitest';
import { mlpEval, trainMlp } from '../../../src/core/methods/baselines/mlp.ts';

describe('two-layer network', () => {
  const X = Array.from({ length: 24 }, (_, i) => [Math.sin(i) * 2 + 3, Math.cos(i * 0.7) + 1]);
  const y = X.map(([a, b]) => 0.3 * a - 0.2 * b + 0.1);

  it('fits a smooth function of its inputs', () => {
    const net = trainMlp(X, y, { hidden: 4, seed: 3, steps: 3000 });
    expect(net.rmse).toBeLessThan(0.02);
    expect(mlpEval(net, [3, 1])).toBeCloseTo(0.3 * 3 - 0.2 + 0.1, 1);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = trainMlp(X, y, { seed: 5, steps: 200 });
    const b = trainMlp(X, y, { seed: 5, steps: 200 });
    const c = trainMlp(X, y, { seed: 6, steps: 200 });
    expect(a.weights).toEqual(b.weights);
    expect(a.weights).not.toEqual(c.weights);
  });
});
