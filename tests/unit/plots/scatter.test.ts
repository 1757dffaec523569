// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import Scatter from '../../../src/ui/plots/Scatter.svelte';
import type { ScatterPoint } from '../../../src/ui/plots/types.ts';
import { cleanup, num, pointerAt, render, resizeTo } from './render.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const pts = (n: number): ScatterPoint[] =>
  Array.from({ length: n }, (_, i) => ({
    x: i / Math.max(1, n - 1),
    y: (i % 7) / 6,
    color: i % 2 ? '#D55E00' : '#0072B2',
    key: 100 + i,
    title: `q${i}`,
  }));

describe('Scatter (SVG)', () => {
  it('draws one circle per point, in scale order, with titles, axes labels and legend', () => {
    const el = render(Scatter, {
      points: pts(20),
      xLabel: 'pass rate (small)',
      yLabel: 'pass rate (large)',
      xDomain: [0, 1],
      yDomain: [0, 1],
      legend: [{ label: 'cluster 0', color: '#0072B2' }],
    });
    const svg = el.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toContain('20 points');
    const circles = [...el.querySelectorAll('g.marks circle')];
    expect(circles).toHaveLength(20);
    const cx = circles.map((c) => num(c, 'cx'));
    expect(cx[0]).toBeLessThan(cx[19]);
    // y=1 is at the top of the plot, y=0 at the bottom.
    expect(num(circles[6], 'cy')).toBeLessThan(num(circles[0], 'cy'));
    expect(circles[1].getAttribute('fill')).toBe('#D55E00');
    expect(circles[3].querySelector('title')!.textContent).toBe('q3');
    const labels = [...el.querySelectorAll('.axis-label')].map((t) => t.textContent);
    expect(labels).toEqual(['pass rate (small)', 'pass rate (large)']);
    expect([...el.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)).toEqual([
      '0',
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1',
    ]);
    expect(el.querySelector('.legend li')!.textContent!.trim()).toBe('cluster 0');
    expect(el.querySelector('canvas')).toBeNull();
  });

  it('follows the container width', () => {
    const el = render(Scatter, {
      points: pts(3),
      xLabel: 'x',
      yLabel: 'y',
      xDomain: [0, 1],
      yDomain: [0, 1],
    });
    const right = () => Math.max(...[...el.querySelectorAll('g.marks circle')].map((c) => num(c, 'cx')));
    const before = right();
    resizeTo(el.querySelector('figure')!, 1000);
    expect(el.querySelector('svg')!.getAttribute('width')).toBe('1000');
    expect(right()).toBeGreaterThan(before + 300);
  });

  it('shows a tooltip for the nearest point and reports its key on click', () => {
    const onselect = vi.fn();
    const el = render(Scatter, {
      points: pts(5),
      xLabel: 'x',
      yLabel: 'y',
      xDomain: [0, 1],
      yDomain: [0, 1],
      onselect,
    });
    const third = el.querySelectorAll('g.marks circle')[2];
    const [x, y] = [num(third, 'cx'), num(third, 'cy')];
    const stage = el.querySelector('.stage')!;
    pointerAt(stage, 'pointermove', x + 2, y - 2);
    expect(el.querySelector('[role=tooltip]')!.textContent).toBe('q2');
    stage.dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, bubbles: true }));
    expect(onselect).toHaveBeenCalledWith(102);
    pointerAt(stage, 'pointermove', x + 40, y + 40);
    expect(el.querySelector('[role=tooltip]')).toBeNull();
    stage.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    stage.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    flushSync();
    expect(el.querySelector('[role=tooltip]')!.textContent).toBe('q4');
    expect(onselect).toHaveBeenLastCalledWith(104);
  });

  it('places log-x points by decade', () => {
    const points = [1e19, 1e20, 1e21].map((x, i) => ({ x, y: 0.5, color: '#000', key: i, title: '' }));
    const el = render(Scatter, {
      points,
      xLabel: 'compute',
      yLabel: 'score',
      xLog: true,
      xDomain: [1e18, 1e22],
    });
    const cx = [...el.querySelectorAll('g.marks circle')].map((c) => num(c, 'cx'));
    expect(cx[1] - cx[0]).toBeCloseTo(cx[2] - cx[1], 6);
  });
});

describe('Scatter (canvas)', () => {
  it.each([2000, 6000])('draws %i points on a canvas and still hovers via the quadtree', (n) => {
    const arcs: [number, number][] = [];
    const ctx = {
      setTransform() {},
      clearRect() {},
      beginPath() {},
      moveTo() {},
      fill() {},
      arc(x: number, y: number) {
        arcs.push([x, y]);
      },
      globalAlpha: 1,
      fillStyle: '',
    };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
      ctx as unknown as CanvasRenderingContext2D,
    );
    const points = pts(n);
    const el = render(Scatter, { points, xLabel: 'x', yLabel: 'y', xDomain: [0, 1], yDomain: [0, 1] });
    expect(el.querySelector('canvas')).not.toBeNull();
    expect(el.querySelectorAll('g.marks circle')).toHaveLength(0);
    expect(arcs).toHaveLength(n);
    // The last point (x=1) sits at the right edge; hover right there.
    const [ax, ay] = arcs.find(([a]) => a === Math.max(...arcs.map((p) => p[0])))!;
    pointerAt(el.querySelector('.stage')!, 'pointermove', ax, ay);
    expect(el.querySelector('[role=tooltip]')!.textContent).toBe(`q${n - 1}`);
    expect(el.querySelector('.hover-ring')).not.toBeNull();
  });
});
