// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import IntervalChart from '../../../src/ui/plots/IntervalChart.svelte';
import Histogram from '../../../src/ui/plots/Histogram.svelte';
import type { IntervalRow } from '../../../src/ui/plots/types.ts';
import { cleanup, num, pointerAt, render } from './render.ts';

afterEach(cleanup);

const rows: IntervalRow[] = [
  { group: 'MMLU', label: 'cod', value: 0.6, low: 0.55, high: 0.65, color: '#0072B2' },
  { group: 'MMLU', label: 'bnsl', value: 0.7, low: 0.6, high: 0.8, color: '#009E73' },
  { group: 'GSM8K', label: 'cod', value: 0.4, low: NaN, high: NaN, color: '#0072B2' },
];

describe('IntervalChart', () => {
  it('draws a dot and whisker per method, grouped by benchmark, with the actual as a tick', () => {
    const el = render(IntervalChart, { rows, actuals: [{ group: 'MMLU', value: 0.62 }] });
    const groups = [...el.querySelectorAll('g.group')];
    expect(groups.map((g) => g.querySelector('.group-name')!.textContent)).toEqual(['MMLU', 'GSM8K']);
    const mmlu = groups[0].querySelectorAll('g.row');
    expect(mmlu).toHaveLength(2);
    const whisker = mmlu[1].querySelector('line.whisker')!;
    const dot = mmlu[1].querySelector('circle')!;
    // The dot sits inside its whisker, and the whisker scales with the interval: bnsl's is twice cod's.
    expect(num(dot, 'cx')).toBeGreaterThan(num(whisker, 'x1'));
    expect(num(dot, 'cx')).toBeLessThan(num(whisker, 'x2'));
    const codW = mmlu[0].querySelector('line.whisker')!;
    expect(num(whisker, 'x2') - num(whisker, 'x1')).toBeCloseTo(2 * (num(codW, 'x2') - num(codW, 'x1')), 6);
    expect(mmlu[0].querySelector('title')!.textContent).toBe('MMLU · cod: 60.0% [55.0%, 65.0%]');
    // No interval: a dot without whisker.
    expect(groups[1].querySelector('line.whisker')).toBeNull();
    expect(groups[1].querySelector('circle')).not.toBeNull();
    const actual = groups[0].querySelector('line.actual')!;
    expect(num(actual, 'x1')).toBeGreaterThan(num(mmlu[0].querySelector('circle')!, 'cx'));
    expect(num(actual, 'x1')).toBeLessThan(num(dot, 'cx'));
    expect(groups[1].querySelector('line.actual')).toBeNull();
    expect([...el.querySelectorAll('.legend li')].map((l) => l.textContent!.trim())).toEqual([
      'cod',
      'bnsl',
      'actual',
    ]);
    expect([...el.querySelectorAll('.x-axis .tick text')].every((t) => t.textContent!.endsWith('%'))).toBe(
      true,
    );
    const svg = el.querySelector('svg')!;
    expect(num(svg, 'height')).toBe(6 + 40 + 2 * 20 + 3 * 18);
    pointerAt(svg, 'pointermove', 300, num(dot, 'cy'));
    expect(el.querySelector('[role=tooltip]')!.textContent).toBe(
      'MMLU · bnsl: 70.0% [60.0%, 80.0%]\nactual: 62.0%',
    );
  });

  it('fits the rows into a given height', () => {
    const el = render(IntervalChart, { rows, height: 400 });
    expect(num(el.querySelector('svg')!, 'height')).toBe(400);
    const ys = [...el.querySelectorAll('g.row circle')].map((c) => num(c, 'cy'));
    expect(ys[1] - ys[0]).toBeCloseTo((400 - 46 - 40) / 3, 6);
  });
});

describe('Histogram', () => {
  it('bins the finite values into the requested number of bars', () => {
    const values = [...Array.from({ length: 90 }, (_, i) => i / 100), 0.95, 0.95, NaN];
    const el = render(Histogram, { values, bins: 10, xLabel: 'pass rate', color: '#CC79A7' });
    const bars = [...el.querySelectorAll('g.bars rect')];
    expect(bars).toHaveLength(10);
    expect(el.querySelector('g.bars')!.getAttribute('fill')).toBe('#CC79A7');
    const heights = bars.map((b) => num(b, 'height'));
    // Bins of width 0.095 over [0, 0.95]: nine full-ish bars, the last holds 0.9..0.95 only via the two 0.95s.
    const counts = bars.map((b) => Number(b.querySelector('title')!.textContent!.split(': ')[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(92);
    expect(counts[9]).toBe(2 + (90 - Math.ceil(0.855 * 100)));
    expect(heights[0] / counts[0]).toBeCloseTo(heights[4] / counts[4], 6);
    expect(el.querySelector('.x-axis .axis-label')!.textContent).toBe('pass rate');
    expect(el.querySelector('svg')!.getAttribute('aria-label')).toContain('92 values in 10 bins');
    const b0 = bars[0];
    pointerAt(el.querySelector('svg')!, 'pointermove', num(b0, 'x') + 1, num(b0, 'y'));
    expect(el.querySelector('[role=tooltip]')!.textContent).toMatch(/^\[0, 0\.095\): \d+$/);
  });

  it('copes with empty and constant input', () => {
    const empty = render(Histogram, { values: [], xLabel: 'x' });
    expect(empty.querySelectorAll('g.bars rect')).toHaveLength(0);
    const flat = render(Histogram, { values: [0.5, 0.5, 0.5], bins: 4, xLabel: 'x' });
    const counts = [...flat.querySelectorAll('g.bars rect title')].map((t) =>
      Number(t.textContent!.split(': ')[1]),
    );
    expect(counts).toEqual([3, 0, 0, 0]);
  });
});
