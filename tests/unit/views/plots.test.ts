import { describe, expect, it } from 'vitest';
import { scoreDomain } from '../../../src/ui/views/axes.ts';
import { DRAWN_CLUSTERS, largestClusters } from '../../../src/ui/views/clusters.ts';
import { binPoints, pilesUp } from '../../../src/ui/views/density.ts';
import { mappingSeries, TARGET_COLOUR } from '../../../src/ui/views/mapping.ts';
import type { BenchmarkPrediction, ClusterInfo } from '../../../src/core/study/types.ts';

describe('scoreDomain', () => {
  it('fits the data with headroom, or spans 0–1 on request', () => {
    const [lo, hi] = scoreDomain([0.01, 0.2, NaN], false);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(0.2);
    expect(hi).toBeLessThan(0.25);
    expect(scoreDomain([0.01, 0.2], true)).toEqual([0, 1]);
    expect(scoreDomain([], false)).toEqual([0, 1]);
    const [a, b] = scoreDomain([0.5, 0.5], false);
    expect(b - a).toBeCloseTo(0.05);
  });
});

describe('largestClusters', () => {
  const clusters = Array.from(
    { length: 40 },
    (_, id) => ({ id, size: id + 1, cls: id % 2 ? 'extrapolatable' : 'non-emergent' }) as ClusterInfo,
  );
  it('draws the largest and summarises the rest', () => {
    const s = largestClusters(clusters);
    expect(s.shown.map((c) => c.id)).toEqual(
      Array.from({ length: DRAWN_CLUSTERS }, (_, i) => 40 - DRAWN_CLUSTERS + i),
    );
    expect(s.rest.clusters).toBe(40 - DRAWN_CLUSTERS);
    expect(s.rest.questions).toBe(((40 - DRAWN_CLUSTERS) * (40 - DRAWN_CLUSTERS + 1)) / 2);
    expect(largestClusters(clusters, DRAWN_CLUSTERS, true).shown.length).toBe(40);
  });
});

describe('density', () => {
  const pts = Array.from({ length: 600 }, (_, i) => ({
    x: 1e20 * (1 + (i % 3)),
    y: i % 2,
    color: i % 5 ? '#111111' : '#222222',
    key: i,
    title: `q${i}`,
  }));
  it('sees piled-up 0/1 data and bins it with counts that add up', () => {
    expect(pilesUp(pts)).toBe(true);
    expect(pilesUp(pts.map((p, i) => ({ ...p, y: i / 600 })))).toBe(false);
    const bins = binPoints(pts, true);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(600);
    expect(bins.length).toBe(12); // 3 computes × 2 scores × 2 colours, none merged
    const big = bins.reduce((a, b) => (b.count > a.count ? b : a));
    expect(big.size).toBe(4);
    expect(big.title).toMatch(new RegExp(`^${big.count} questions here`));
  });
});

describe('mappingSeries', () => {
  const pred = {
    benchmark: 'b',
    method: 'cod',
    status: 'ok',
    predicted: 0.6,
    low: 0.5,
    high: 0.7,
    actual: 0.62,
    error: 2,
    warnings: [],
    cod: {
      subsetPredicted: 0.8,
      subsetActual: 0.82,
      subsetRatio: 0.5,
      ladder: [{ model: 'small', flops: 1, full: 0.2, subset: 0.3 }],
      anchors: [],
      mapping: null,
    },
  } as unknown as BenchmarkPrediction;
  it('names the ladder models, draws the decomposed step through the target, and sets the target apart', () => {
    const s = mappingSeries(pred, null, 'decomposed', 'big');
    expect(s.find((x) => x.id === 'ladder')?.points?.[0].label).toBe('small');
    const step = s.find((x) => x.id === 'mapping')!;
    expect(step.label).toMatch(/decomposed/);
    const [a, b] = step.line!;
    const at = a.y + (b.y - a.y) * 0.8;
    expect(at).toBeCloseTo(0.6);
    const target = s.find((x) => x.id === 'predicted')!;
    expect(target.color).toBe(TARGET_COLOUR);
    expect(target.color).not.toBe(s.find((x) => x.id === 'ladder')!.color);
    expect(target.points?.[0].label).toBe('big (predicted)');
  });
  it('draws no target point for a refused prediction', () => {
    expect(
      mappingSeries({ ...pred, status: 'refused' }, null, 'decomposed', 'big').some(
        (x) => x.id === 'predicted',
      ),
    ).toBe(false);
  });
});
