import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ablationSummary, clusteringAblation, lawAblation } from '../../src/core/evaluate/ablation.ts';
import {
  backtest,
  backtestStudy,
  defaultBacktestTargets,
  runCodVariants,
  summarise,
  type BacktestRow,
} from '../../src/core/evaluate/backtest.ts';
import { predict, DEFAULT_PARAMS, PAPER_PARAMS } from '../../src/core/pipeline/predict.ts';
import { simulateStudy } from '../../src/core/simulate/simulate.ts';
import type { Study } from '../../src/core/study/study.ts';
import { parseCommandArgs } from '../../src/cli/args.ts';
import { run as runBacktestCli, spec as backtestSpec } from '../../src/cli/backtest.ts';

const sim = simulateStudy({
  seed: 5,
  benchmarks: [
    { name: 'open', questions: 300, guess: 0, mix: { saturated: 1, emergent: 5, late: 1, never: 0.5 } },
    { name: 'choice', questions: 250, guess: 0.25, mix: { saturated: 1, emergent: 4, late: 1, never: 1 } },
  ],
});
const names = sim.study.models.map((m) => m.name);
const METHODS = ['cod', 'cod-paper', 'e2e-exp', 'largest', 'loss'];

describe('backtestStudy', () => {
  it('keeps the target, makes smaller models the ladder, ignores larger ones, and never mutates the input', () => {
    const before = JSON.stringify(sim.study.models);
    const sub = backtestStudy(sim.study, names[5]);
    expect(JSON.stringify(sim.study.models)).toBe(before);
    expect(sub.models.map((m) => m.role)).toEqual([
      ...Array(5).fill('ladder'),
      'target',
      'ignore',
      'ignore',
      'ignore',
    ]);
    expect(sub.benchmarks).toBe(sim.study.benchmarks);
  });

  it('keeps anchors and ignored models as they are', () => {
    const s: Study = {
      ...sim.study,
      models: sim.study.models.map((m, i) =>
        i === 1 ? { ...m, role: 'ignore' } : i === 7 ? { ...m, role: 'anchor' } : m,
      ),
    };
    const sub = backtestStudy(s, sim.target.name);
    expect(sub.models[1].role).toBe('ignore');
    expect(sub.models[7].role).toBe('anchor');
    expect(sub.models.filter((m) => m.role === 'ladder')).toHaveLength(6);
  });

  it('defaults to the largest-compute model as the target', () => {
    expect(defaultBacktestTargets(sim.study)).toEqual([sim.target.name]);
  });
});

describe('backtest on a simulated study', () => {
  const result = backtest(sim.study, { methods: METHODS, cuts: [3, 30, 100] });
  const t = result.targets[0];

  it('predicts every benchmark with every method and reports errors in points', () => {
    expect(t.target).toBe(sim.target.name);
    expect(t.ladder).toHaveLength(8);
    expect(t.distance).toBeCloseTo(sim.target.flops / sim.study.models[7].flops!, 6);
    expect(t.rows).toHaveLength(METHODS.length * 2);
    for (const r of t.rows.filter((x) => x.method !== 'loss')) {
      expect(r.predicted).not.toBeNull();
      expect(r.error).toBeCloseTo(Math.abs((r.predicted as number) - (r.actual as number)) * 100, 8);
      expect(r.actual!).toBeCloseTo(sim.truth[r.benchmark], 1);
    }
  });

  it('COD beats the largest ladder model and stays within a few points of the truth', () => {
    const cod = result.summary.find((s) => s.method === 'cod')!;
    const largest = result.summary.find((s) => s.method === 'largest')!;
    expect(cod.n).toBe(2);
    expect(cod.mean).toBeLessThan(largest.mean);
    expect(cod.max).toBeLessThan(6);
  });

  it('the summary is the mean and max of the rows, with interval coverage', () => {
    const rows = t.rows.filter((r) => r.method === 'e2e-exp');
    const s = result.summary.find((x) => x.method === 'e2e-exp')!;
    expect(s.mean).toBeCloseTo((rows[0].error! + rows[1].error!) / 2, 10);
    expect(s.max).toBe(Math.max(rows[0].error!, rows[1].error!));
    const covered = rows.filter((r) => r.actual! >= r.low! && r.actual! <= r.high!).length;
    expect(s.coverage).toBe(covered / 2);
  });

  it('the loss baseline runs on simulated losses', () => {
    expect(t.rows.filter((r) => r.method === 'loss').every((r) => r.status === 'ok')).toBe(true);
  });

  it('cuts the ladder for the extrapolation-distance curve and says when too few models remain', () => {
    expect(result.curve.map((c) => [c.cut, c.ladderSize])).toEqual([
      [3, 8],
      [30, 7],
      [100, 6],
    ]);
    expect(result.curve[1].distance).toBeCloseTo(sim.target.flops / sim.study.models[6].flops!, 6);
    expect(result.curve[1].summary.find((s) => s.method === 'cod')!.n).toBe(2);
    const far = backtest(sim.study, { methods: ['largest'], cuts: [3000] }).curve[0];
    expect(far.ladderSize).toBe(4);
    expect(far.skipped).toBeUndefined();
    const three = backtest(sim.study, { methods: ['largest'], cuts: [10000] }).curve[0];
    expect(three.ladderSize).toBe(3);
    expect(three.skipped).toBeUndefined();
    const tooFar = backtest(sim.study, { methods: ['largest'], cuts: [20000] }).curve[0];
    expect(tooFar.skipped).toMatch(/only 2 ladder model\(s\).*at least 3/);
  });
});

describe('runCodVariants', () => {
  it('gives exactly what predict gives for each parameter set', () => {
    const [a, b] = runCodVariants(sim.study, sim.target, [
      ['cod', DEFAULT_PARAMS],
      ['cod-paper', PAPER_PARAMS],
    ]);
    const pa = predict(sim.study, sim.target, DEFAULT_PARAMS);
    const pb = predict(sim.study, sim.target, PAPER_PARAMS);
    expect(a.benchmarks.map((x) => x.predicted)).toEqual(pa.benchmarks.map((x) => x.predicted));
    expect(b.benchmarks.map((x) => x.predicted)).toEqual(pb.benchmarks.map((x) => x.predicted));
    expect(b.benchmarks[0].method).toBe('cod-paper');
  });
});

describe('bad input', () => {
  it('a target with fewer than 3 ladder models below it says so instead of fitting', () => {
    const r = backtest(sim.study, { targets: [names[2]], methods: ['cod', 'e2e-exp'], cuts: [] });
    expect(r.targets[0].skipped).toMatch(/only 2 ladder model\(s\) of distinct compute/);
    expect(r.targets[0].rows).toEqual([]);
    expect(r.summary).toEqual([]);
  });

  it('a target without actual results still gets predictions with blank errors', () => {
    const s: Study = {
      ...sim.study,
      benchmarks: sim.study.benchmarks.map((b) => {
        const keep = b.models.map((m, i) => (m === sim.target.name ? -1 : i)).filter((i) => i >= 0);
        const nm = b.models.length;
        const scores = new Float64Array(b.questions.length * keep.length);
        const trials = new Uint32Array(b.questions.length * keep.length);
        for (let q = 0; q < b.questions.length; q++) {
          keep.forEach((m, j) => {
            scores[q * keep.length + j] = b.scores[q * nm + m];
            trials[q * keep.length + j] = b.trials[q * nm + m];
          });
        }
        return { ...b, models: keep.map((i) => b.models[i]), scores, trials };
      }),
    };
    const r = backtest(s, { methods: ['cod', 'e2e-exp'], cuts: [] });
    for (const row of r.targets[0].rows) {
      expect(row.predicted).not.toBeNull();
      expect(row.actual).toBeNull();
      expect(row.error).toBeNull();
    }
    expect(r.summary.every((x) => x.n === 0 && Number.isNaN(x.mean))).toBe(true);
  });

  it('rejects unknown methods and targets by name', () => {
    expect(() => backtest(sim.study, { methods: ['cod', 'magic'], cuts: [] })).toThrow(
      /unknown method\(s\) magic/,
    );
    expect(() => backtest(sim.study, { targets: ['nobody'], cuts: [] })).toThrow(/unknown target "nobody"/);
  });

  it('summarise ignores rows without an error', () => {
    const rows: BacktestRow[] = [
      {
        method: 'm',
        benchmark: 'a',
        predicted: 50,
        actual: 52,
        error: 2,
        low: 40,
        high: 60,
        status: 'ok',
        note: '',
      },
      {
        method: 'm',
        benchmark: 'b',
        predicted: null,
        actual: 30,
        error: null,
        low: null,
        high: null,
        status: 'refused',
        note: 'x',
      },
    ];
    expect(summarise(rows)).toEqual([{ method: 'm', mean: 2, max: 2, n: 1, coverage: 1 }]);
  });
});

describe('ablations', () => {
  const target = sim.target;
  it('Table 3: every clustering algorithm per benchmark with IAD, outlier rate and errors', () => {
    const rows = clusteringAblation(sim.study, target, DEFAULT_PARAMS, ['kmeans', 'cod']);
    expect(rows.map((r) => `${r.benchmark}/${r.variant}`)).toEqual([
      'open/kmeans',
      'open/cod',
      'choice/kmeans',
      'choice/cod',
    ]);
    for (const r of rows) {
      expect(r.intraClusterDistance).toBeGreaterThan(0);
      expect(r.outlierRate).toBeGreaterThanOrEqual(0);
      expect(r.finalError).not.toBeNull();
    }
    expect(rows.find((r) => r.variant === 'kmeans')!.outlierRate).toBe(0);
    expect(rows.find((r) => r.variant === 'cod')!.outlierRate).toBeGreaterThan(0);
  });

  it('Table 4: the law variants share one clustering and the summary averages them', () => {
    const rows = lawAblation(sim.study, target);
    expect(rows.map((r) => r.variant)).toEqual(['f1', 'f2', 'f3', 'cod', 'f1', 'f2', 'f3', 'cod']);
    const s = ablationSummary(rows);
    const f1 = rows.filter((r) => r.variant === 'f1').map((r) => r.finalError!);
    expect(s[0]).toMatchObject({ variant: 'f1', maxFE: Math.max(...f1) });
    expect(s[0].meanFE).toBeCloseTo((f1[0] + f1[1]) / 2, 10);
  });
});

describe('scalecast backtest --json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalecast-backtest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly one JSON object with targets, rows and summary in points', async () => {
    const models = [
      'model,params,tokens,flops,role',
      ...sim.study.models.map((m) => `${m.name},,,${m.flops},${m.role}`),
    ];
    const scores = ['model,benchmark,question,score,trials'];
    const b = sim.study.benchmarks[0];
    for (let q = 0; q < b.questions.length; q++) {
      b.models.forEach((m, j) =>
        scores.push(`${m},${b.name},${b.questions[q]},${b.scores[q * b.models.length + j]},100`),
      );
    }
    writeFileSync(join(dir, 'sim.models.csv'), models.join('\n'));
    writeFileSync(join(dir, 'sim.scores.csv'), scores.join('\n'));
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out += String(s);
      return true;
    });
    const code = await runBacktestCli(
      parseCommandArgs(backtestSpec, [
        dir,
        '--methods',
        'cod,largest',
        '--set',
        'mapping=monotone',
        '--json',
        '--cuts',
        '30',
      ]),
    );
    spy.mockRestore();
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['targets', 'summary', 'curve']);
    expect(json.targets[0].target).toBe(sim.target.name);
    const rows = json.targets[0].rows;
    expect(rows.map((r: { method: string }) => r.method)).toEqual(['cod', 'largest']);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['method', 'benchmark', 'predicted', 'actual', 'error']),
      );
      expect(r.actual).toBeGreaterThan(0);
      expect(r.actual).toBeLessThan(1);
      expect(r.error).toBeCloseTo(Math.abs(r.predicted - r.actual) * 100, 8);
    }
    expect(json.summary.map((s: { method: string }) => s.method)).toEqual(['cod', 'largest']);
    expect(json.curve[0]).toMatchObject({ cut: 30, ladderSize: 7 });
  });
});
