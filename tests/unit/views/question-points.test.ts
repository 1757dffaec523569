import { describe, expect, it } from 'vitest';
import { questionPoints } from '../../../src/ui/views/question-points.ts';
import { CLASS_COLORS, clusterColor } from '../../../src/ui/palette.ts';
import { formatFlops } from '../../../src/ui/format.ts';
import type { DifficultyView } from '../../../src/core/pipeline/difficulty.ts';
import type { ClusterInfo } from '../../../src/core/study/types.ts';

const cluster = (id: number, cls: ClusterInfo['cls']): ClusterInfo => ({
  id,
  size: 1,
  cls,
  reason: '',
  curve: [],
  center: [],
  fit: null,
  predicted: NaN,
  low: NaN,
  high: NaN,
});

// Four plotted questions (benchmark indices 5, 2, 7, 0): cluster 11 (extrapolatable), cluster 3 (non-emergent),
// an outlier, and a zero-performance question.
const view: DifficultyView = {
  benchmark: 'b',
  rows: Int32Array.from([5, 2, 7, 0]),
  zero: Uint8Array.from([0, 0, 0, 1]),
  emergence: { x: Float64Array.from([2e21, NaN, 5e20, NaN]), y: Float64Array.from([0.9, 0.3, 0.7, 0]) },
  pca: { x: Float64Array.from([1, 2, 3, 4]), y: Float64Array.from([-1, -2, -3, -4]), explained: [0.6, 0.2] },
  ladder: [],
  smoothed: false,
};
const labels = Int32Array.from([-2, 0, 3, 0, 0, 11, 0, -1]);
const ctx = {
  view,
  labels,
  clusters: new Map([
    [11, cluster(11, 'extrapolatable')],
    [3, cluster(3, 'non-emergent')],
  ]),
  names: ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7'],
};

describe('questionPoints', () => {
  it('places each question by emergence, colours it by class and keys it by its benchmark index', () => {
    const pts = questionPoints(ctx, false, 9e21);
    expect(pts.map((p) => [p.x, p.y, p.key])).toEqual([
      [2e21, 0.9, 5],
      [9e21, 0.3, 2],
      [5e20, 0.7, 7],
      [9e21, 0, 0],
    ]);
    expect(pts.map((p) => p.color)).toEqual([
      clusterColor(11),
      CLASS_COLORS['non-emergent'],
      CLASS_COLORS.outlier,
      CLASS_COLORS.zero,
    ]);
  });

  it('writes each tooltip from its own question when read', () => {
    const pts = questionPoints(ctx, false, 9e21);
    expect(pts[0].title).toBe(
      `q5: cluster 11 (extrapolatable); reaches 50% at ${formatFlops(2e21)}; top ladder 90.0%`,
    );
    expect(pts[1].title).toBe('q2: cluster 3 (non-emergent); never reaches 50%; top ladder 30.0%');
    expect(pts[2].title).toMatch(/^q7: outlier; reaches 50% at /);
    expect(pts[3].title).toMatch(/^q0: zero performance; never reaches 50%; top ladder 0/);
  });

  it('uses the principal components when asked, and outliers everywhere before any clustering', () => {
    const pts = questionPoints({ ...ctx, labels: undefined }, true, 9e21);
    expect(pts.map((p) => [p.x, p.y])).toEqual([
      [1, -1],
      [2, -2],
      [3, -3],
      [4, -4],
    ]);
    expect(pts.slice(0, 3).every((p) => p.color === CLASS_COLORS.outlier)).toBe(true);
    expect(pts[3].color).toBe(CLASS_COLORS.zero);
  });
});
