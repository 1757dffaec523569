import { describe, expect, it } from 'vitest';
import { lawValue, toLawUnits } from '../../../src/core/fit/index.ts';
import { predict } from '../../../src/core/pipeline/predict.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { clusterCurve, computeGrid, plotData } from '../../../src/core/pipeline/curves.ts';

const sim = simulateStudy({
  seed: 5,
  benchmarks: [{ name: 'b', questions: 400, guess: 0, mix: { emergent: 3, saturated: 1, never: 1 } }],
});

describe('plot curves', () => {
  const p = predict(sim.study, sim.target, { mapping: 'monotone' }).benchmarks[0];
  const data = plotData(p, sim.target)!;

  it('spans the ladder and the target on a log grid', () => {
    const grid = computeGrid([1e20, 1e22], 1e24);
    expect(grid[0]).toBeLessThan(1e20);
    expect(grid[grid.length - 1]).toBeGreaterThan(1e24);
    for (let i = 1; i < grid.length; i++) expect(grid[i]).toBeGreaterThan(grid[i - 1]);
  });

  it('evaluates each fitted cluster law with a band that contains it', () => {
    expect(data.clusters.length).toBe(p.cod!.clusters.filter((c) => c.fit).length);
    const first = p.cod!.clusters.find((c) => c.fit)!;
    const curve = data.clusters.find((c) => c.id === first.id)!;
    data.grid.forEach((x, i) => {
      const v = lawValue(first.fit!, toLawUnits(x));
      if (Number.isFinite(v)) expect(curve.y[i]).toBeCloseTo(Math.min(1, Math.max(0, v)), 12);
    });
    const { line, band } = clusterCurve(data.grid, curve);
    expect(line.length).toBeGreaterThan(10);
    for (const b of band) expect(b.low).toBeLessThanOrEqual(b.high);
  });

  it('skips grid points where the law is undefined', () => {
    const grid = Float64Array.from([1, 2, 3]);
    const c = {
      id: 0,
      y: Float64Array.from([0.1, NaN, 0.3]),
      low: Float64Array.from([0, NaN, 0.2]),
      high: Float64Array.from([0.2, NaN, NaN]),
    };
    expect(clusterCurve(grid, c)).toEqual({
      line: [
        { x: 1, y: 0.1 },
        { x: 3, y: 0.3 },
      ],
      band: [{ x: 1, low: 0, high: 0.2 }],
    });
  });

  it('draws the mapping on [0,1] when there is one', () => {
    expect(data.mapping).toHaveLength(101);
    expect(data.mapping![0].y).toBeCloseTo(0, 6);
    expect(data.mapping![100].y).toBeCloseTo(1, 6);
  });
});
