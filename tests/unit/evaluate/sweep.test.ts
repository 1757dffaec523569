import { describe, expect, it } from 'vitest';
import { bandwidthTerms } from '../../../src/core/evaluate/bandwidth.ts';
import { MIN_LADDER } from '../../../src/core/pipeline/requirements.ts';
import {
  parseSweepValues,
  proxyStudy,
  sweep,
  sweepPoints,
  type SweepRow,
} from '../../../src/core/evaluate/sweep.ts';
import { predict } from '../../../src/core/pipeline/predict.ts';
import { Pipeline } from '../../../src/core/pipeline/stages.ts';
import { runBaselines } from '../../../src/core/methods/baselines/index.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { applySettings, DEFAULT_PARAMS, PAPER_PARAMS } from '../../../src/core/study/params.ts';
import type { PredictResult } from '../../../src/core/study/types.ts';

const sim = simulateStudy({
  seed: 7,
  benchmarks: [
    { name: 'open', questions: 240, guess: 0, mix: { saturated: 1, emergent: 5, late: 1, never: 0.5 } },
    { name: 'choice', questions: 200, guess: 0.25, mix: { saturated: 1, emergent: 4, late: 1, never: 1 } },
  ],
});
const { study, target } = sim;

/** The rows `predict` gives for one parameter set, shaped as a sweep's. */
function predicted(r: PredictResult) {
  return r.benchmarks.map((b) => ({
    benchmark: b.benchmark,
    predicted: b.predicted,
    low: b.low,
    high: b.high,
    actual: b.actual,
    status: b.status,
  }));
}
const shape = (rows: SweepRow[]) =>
  rows.map(({ benchmark, predicted, low, high, actual, status }) => ({
    benchmark,
    predicted,
    low,
    high,
    actual,
    status,
  }));

describe('parseSweepValues', () => {
  it('splits a comma list and expands from:to:step ranges with both ends', () => {
    expect(parseSweepValues(' 0.1, 0.2 ,,auto')).toEqual(['0.1', '0.2', 'auto']);
    expect(parseSweepValues('0.05:0.2:0.05')).toEqual(['0.05', '0.1', '0.15', '0.2']);
    expect(parseSweepValues('1:3:1,spline')).toEqual(['1', '2', '3', 'spline']);
  });

  it('names the range it cannot read', () => {
    expect(() => parseSweepValues('0.3:0.1:0.1')).toThrow(/"0.3:0.1:0.1" is not a range/);
    expect(() => parseSweepValues('0:1:0')).toThrow(/positive step/);
    expect(() => parseSweepValues('0:1000:0.001')).toThrow(/more than 400 values/);
  });
});

describe('sweepPoints', () => {
  it('applies each value to the base as --set does, the second parameter varying fastest', () => {
    const points = sweepPoints({
      target,
      base: PAPER_PARAMS,
      param: 'upper',
      values: ['auto', '0.2'],
      param2: 'mapping',
      values2: ['spline', 'identity'],
    });
    expect(points.map((p) => [p.value, p.value2])).toEqual([
      [null, 'spline'],
      [null, 'identity'],
      [0.2, 'spline'],
      [0.2, 'identity'],
    ]);
    expect(points[3].params).toEqual(applySettings(PAPER_PARAMS, ['upper=0.2', 'mapping=identity']));
  });

  it('names the parameter and value it does not understand', () => {
    const req = { target, base: DEFAULT_PARAMS, param: 'minA', values: ['1', 'x'] };
    expect(() => sweepPoints(req)).toThrow(/minA must be a number; got "x"/);
    expect(() => sweepPoints({ ...req, param: 'nope', values: ['1'] })).toThrow(/unknown parameter "nope"/);
    expect(() => sweepPoints({ ...req, values: [] })).toThrow(/no values to sweep minA/);
  });
});

describe('sweep', () => {
  it('gives, for every value, exactly what predict gives with that setting', async () => {
    const values = ['0.1', '0.5', '2'];
    const r = await sweep(study, { target, base: DEFAULT_PARAMS, param: 'minB', values });
    expect(r).toMatchObject({ target: target.name, param: 'minB', param2: null, proxyModel: null });
    expect(r.rows).toHaveLength(values.length * study.benchmarks.length);
    for (const v of values) {
      const rows = r.rows.filter((x) => x.value === Number(v));
      expect(rows.every((x) => x.value2 === null && x.method === 'cod')).toBe(true);
      expect(shape(rows)).toEqual(
        predicted(predict(study, target, applySettings(DEFAULT_PARAMS, [`minB=${v}`]))),
      );
    }
    // the thresholds act here: the sweep is not the same prediction three times
    expect(
      new Set(r.rows.filter((x) => x.benchmark === 'open').map((x) => x.predicted)).size,
    ).toBeGreaterThan(1);
  });

  it('runs the grid of two parameters, and baselines alongside the COD variants', async () => {
    const base = applySettings(DEFAULT_PARAMS, ['minB=0.2']);
    const r = await sweep(study, {
      target,
      base,
      param: 'clustering',
      values: ['cod', 'kmeans'],
      param2: 'mapping',
      values2: ['decomposed', 'spline'],
      methods: ['cod', 'largest'],
    });
    expect(r.rows).toHaveLength(2 * 2 * 2 * study.benchmarks.length);
    const cell = r.rows.filter((x) => x.value === 'kmeans' && x.value2 === 'spline' && x.method === 'cod');
    const want = predict(study, target, applySettings(base, ['clustering=kmeans', 'mapping=spline']));
    expect(shape(cell)).toEqual(predicted(want));
    const largest = r.rows.filter(
      (x) => x.value === 'cod' && x.value2 === 'decomposed' && x.method === 'largest',
    );
    expect(shape(largest)).toEqual(predicted(runBaselines(study, target, ['largest'])[0]));
  });

  it('refuses an unknown method by name', async () => {
    await expect(
      sweep(study, { target, base: DEFAULT_PARAMS, param: 'minA', values: ['1'], methods: ['cod', 'nope'] }),
    ).rejects.toThrow(/unknown method\(s\) nope/);
  });
});

describe('the self-backtest proxy', () => {
  it('holds back the largest ladder model and predicts it from the smaller ones', async () => {
    const held = proxyStudy(study, target);
    const ladder = study.models.filter((m) => m.role === 'ladder');
    const largest = ladder[ladder.length - 1];
    expect(held?.target).toEqual({ name: largest.name, flops: largest.flops });
    expect(held?.study.models.find((m) => m.name === target.name)?.role).toBe('ignore');
    expect(held?.study.models.filter((m) => m.role === 'ladder')).toHaveLength(ladder.length - 1);

    const r = await sweep(study, { target, base: DEFAULT_PARAMS, param: 'minA', values: ['1'], proxy: true });
    expect(r.proxyModel).toBe(largest.name);
    const want = predict(held!.study, held!.target, DEFAULT_PARAMS);
    expect(shape(r.proxy)).toEqual(predicted(want));
    expect(r.proxy.every((x) => x.actual !== null && x.error !== null)).toBe(true);
  });

  it('is not made when fewer than MIN_LADDER (COD minimum) smaller ladder models remain', () => {
    const ladder = study.models.filter((m) => m.role === 'ladder').length;
    const keep = (n: number) => ({
      ...study,
      models: study.models.map((m, i) =>
        i < ladder - n && m.role === 'ladder' ? { ...m, role: 'ignore' as const } : m,
      ),
    });
    // the held-back model plus MIN_LADDER below it, and one fewer
    expect(proxyStudy(keep(MIN_LADDER + 1), target)).not.toBeNull();
    expect(proxyStudy(keep(MIN_LADDER), target)).toBeNull();
  });
});

describe('bandwidthTerms', () => {
  it('gives the radius the clustering used, and which of its two terms binds', () => {
    for (const upper of ['auto', '0.01', '5']) {
      const params = applySettings(DEFAULT_PARAMS, [`upper=${upper}`]);
      const terms = bandwidthTerms(study, target, params);
      const result = predict(study, target, params);
      expect(terms.map((t) => t.benchmark)).toEqual(study.benchmarks.map((b) => b.name));
      for (const t of terms) {
        const cod = result.benchmarks.find((b) => b.benchmark === t.benchmark)?.cod;
        expect(t.radius).toBe(cod?.bandwidth);
        expect(t.radius).toBe(Math.min(t.estimate, t.upper));
        expect(t.binds).toBe(t.estimate <= t.upper ? 'estimate' : 'upper');
      }
      if (upper === '0.01') expect(terms.every((t) => t.binds === 'upper' && t.upper === 0.01)).toBe(true);
      if (upper === '5') expect(terms.every((t) => t.binds === 'estimate')).toBe(true);
      if (upper === 'auto')
        expect(terms.every((t) => t.upperIsAuto && t.upper === Math.sqrt(8) / 10)).toBe(true);
    }
  });

  it('reads the features once per benchmark through a kept pipeline, whatever the quantile', () => {
    const pipeline = new Pipeline();
    const n = study.benchmarks.length;
    const first = bandwidthTerms(study, target, DEFAULT_PARAMS, pipeline);
    const other = bandwidthTerms(study, target, { ...DEFAULT_PARAMS, quantile: 0.3 }, pipeline);
    expect(pipeline.cache.stats('features').misses).toBe(n);
    expect(pipeline.cache.stats('bandwidth').misses).toBe(2 * n);
    expect(other.map((t) => t.estimate)).not.toEqual(first.map((t) => t.estimate));
    expect(bandwidthTerms(study, target, DEFAULT_PARAMS)).toEqual(first);
  });

  it('is empty for the clusterings without a radius', () => {
    expect(bandwidthTerms(study, target, { ...DEFAULT_PARAMS, clustering: 'kmeans' })).toEqual([]);
  });
});
