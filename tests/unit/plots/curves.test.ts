// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import Curves from '../../../src/ui/plots/Curves.svelte';
import type { CurveSeries } from '../../../src/ui/plots/types.ts';
import { cleanup, num, pointerAt, render } from './render.ts';

afterEach(cleanup);

const flops = [1e19, 1e20, 1e21, 1e22];
const cluster = (id: string, color: string, shift: number): CurveSeries => ({
  id,
  label: `cluster ${id}`,
  color,
  points: flops.map((x, i) => ({ x, y: 0.1 + 0.2 * i + shift })),
  line: flops.map((x, i) => ({ x, y: 0.1 + 0.2 * i + shift })),
  band: flops.map((x, i) => ({ x, low: 0.05 + 0.2 * i + shift, high: 0.15 + 0.2 * i + shift })),
});

/** x coordinates of the absolute commands in a path's d attribute. */
const pathXs = (d: string) => [...d.matchAll(/[ML]\s*([-\d.e]+)[ ,]([-\d.e]+)/g)].map((m) => Number(m[1]));

describe('Curves', () => {
  it('draws points, line and band per series on a log-x axis with FLOP tick labels', () => {
    const el = render(Curves, {
      series: [cluster('0', '#0072B2', 0), { ...cluster('1', '#E69F00', 0.05), dashed: true }],
      markers: [{ x: 3.8e24, label: 'target' }],
      xLabel: 'compute',
      yLabel: 'pass rate',
      xLog: true,
      xDomain: [1e18, 1e25],
    });
    const groups = [...el.querySelectorAll('g.series')];
    expect(groups.map((g) => g.getAttribute('data-id'))).toEqual(['0', '1']);
    expect(groups[0].querySelectorAll('circle')).toHaveLength(4);
    const line = groups[0].querySelector('path.line')!;
    expect(line.getAttribute('stroke')).toBe('#0072B2');
    const xsPx = pathXs(line.getAttribute('d')!);
    expect(xsPx).toHaveLength(4);
    // Equal decades are equal distances on a log axis.
    expect(xsPx[1] - xsPx[0]).toBeCloseTo(xsPx[3] - xsPx[2], 2);
    expect(groups[0].querySelector('path.band')).not.toBeNull();
    expect(groups[1].querySelector('path.line')!.getAttribute('stroke-dasharray')).toBe('6 4');
    const ticks = [...el.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent);
    expect(ticks).toContain('1 ZFLOP');
    expect(ticks).toContain('1 YFLOP');
    const marker = el.querySelector('g.marker')!;
    expect(marker.textContent).toBe('target');
    expect(el.querySelector('svg')!.getAttribute('aria-label')).toContain('cluster 0, cluster 1');
    expect([...el.querySelectorAll('.legend li')].map((l) => l.textContent!.trim())).toEqual([
      'cluster 0',
      'cluster 1',
    ]);
    expect(el.querySelectorAll('.legend .swatch.dashed')).toHaveLength(1);
  });

  it('puts the highlighted series on top and fades the others', () => {
    const el = render(Curves, {
      series: [cluster('a', '#0072B2', 0), cluster('b', '#E69F00', 0.05), cluster('c', '#009E73', 0.1)],
      xLabel: 'compute',
      yLabel: 'pass rate',
      xLog: true,
      highlight: 'a',
    });
    const groups = [...el.querySelectorAll('g.series')];
    expect(groups.map((g) => g.getAttribute('data-id'))).toEqual(['b', 'c', 'a']);
    expect(groups.map((g) => g.getAttribute('opacity'))).toEqual(['0.2', '0.2', '1']);
  });

  it('plots a linear [0,1] mapping with anchors and a one-point prediction, with a hover tooltip', () => {
    const el = render(Curves, {
      series: [
        { id: 'map', label: 'mapping', color: '#0072B2', line: [0, 0.5, 1].map((v) => ({ x: v, y: v * v })) },
        { id: 'pred', label: 'prediction', color: '#D55E00', points: [{ x: 0.8, y: 0.64 }] },
      ],
      xLabel: 'subset score',
      yLabel: 'full score',
      xDomain: [0, 1],
      yDomain: [0, 1],
    });
    const pred = el.querySelector('g.series[data-id=pred] circle')!;
    expect(num(pred, 'cx')).toBeCloseTo(56 + 0.8 * (640 - 56 - 16), 6);
    pointerAt(el.querySelector('svg')!, 'pointermove', num(pred, 'cx') + 3, num(pred, 'cy'));
    expect(el.querySelector('[role=tooltip]')!.textContent).toBe('prediction\n0.8: 0.64');
    expect([...el.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)).toContain('0.4');
  });

  it('skips non-positive x on a log axis instead of drawing NaN', () => {
    const el = render(Curves, {
      series: [
        {
          id: 's',
          label: 's',
          color: '#000',
          line: [0, 1e20, 1e21].map((x) => ({ x, y: 0.5 })),
          points: [{ x: 0, y: 0.5 }],
        },
      ],
      xLabel: 'compute',
      yLabel: 'score',
      xLog: true,
    });
    expect(el.querySelector('path.line')!.getAttribute('d')).not.toContain('NaN');
    expect(el.querySelectorAll('g.series circle')).toHaveLength(0);
  });
});
