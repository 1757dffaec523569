import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

const shared = new URL('../../../../shared/', import.meta.url).pathname;
const studies = join(shared, 'data/studies');
const reference = (p: string) => JSON.parse(readFileSync(join(shared, 'reference', p), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'scalecast-cli-'));

describe('scalecast predict', () => {
  it('prints one JSON object with every benchmark for a target of the study', async () => {
    const r = await runCli([
      'predict',
      join(studies, 'mmlu_pro.models.csv'),
      join(studies, 'mmlu_pro.scores.csv'),
      '--target',
      'Meta-Llama-3-70B',
      '--method',
      'cod',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.target).toBe('Meta-Llama-3-70B');
    expect(out.targetFlops).toBeCloseTo(6.3e24, -20);
    expect(out.method).toBe('cod');
    expect(out.benchmarks).toHaveLength(1);
    const b = out.benchmarks[0];
    expect(b.benchmark).toBe('mmlu_pro');
    for (const k of ['predicted', 'low', 'high', 'actual']) {
      expect(b[k]).toBeGreaterThanOrEqual(0);
      expect(b[k]).toBeLessThanOrEqual(1);
    }
    expect(b.low).toBeLessThanOrEqual(b.predicted);
    expect(b.subsetRatio).toBeGreaterThan(0);
    expect(Array.isArray(b.clusters)).toBe(true);
    expect(b.warnings.join(' ')).toMatch(/single 0\/1 trial/);
  }, 240_000); // the whole MMLU-Pro study: minutes when the machine is shared

  it('predicts a planned run from --target-flops, with actual null, and applies --set', async () => {
    const r = await runCli([
      'predict',
      studies,
      '--target',
      'planned-400B',
      '--target-flops',
      '3.8e25',
      '--method',
      'cod',
      '--set',
      'preset=paper',
      '--set',
      'minClusterSize=12',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.targetFlops).toBe(3.8e25);
    expect(out.benchmarks.length).toBeGreaterThan(1);
    for (const b of out.benchmarks) {
      expect(b.actual).toBeNull();
      expect(Number.isFinite(b.predicted)).toBe(true);
    }
  }, 240_000);

  it('fails with a clear message for an unknown target, a bad setting, and a bad file', async () => {
    const a = await runCli(['predict', studies, '--target', 'nope', '--json']);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toMatch(/"nope" is not a model of the study; give its compute with --target-flops/);
    const b = await runCli(['predict', studies, '--target', 'Meta-Llama-3-70B', '--set', 'law=f9']);
    expect(b.code).not.toBe(0);
    expect(b.stderr).toMatch(/law must be one of cod, f1, f2, f3; got "f9"/);
    const bad = join(dir, 'broken.scores.csv');
    writeFileSync(bad, 'model,benchmark,question,score\nm,b,q,abc\n');
    const c = await runCli(['predict', bad, '--target', 'm']);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toMatch(/broken\.scores\.csv/);
  });
});

describe('scalecast cluster', () => {
  it('reproduces scikit-learn MeanShift labels and centres on a reference set', async () => {
    const ref = reference('meanshift/blobs2d_500.json');
    const points = join(dir, 'blobs.csv');
    const X: number[][] = ref.inputs.X;
    writeFileSync(points, ['x0,x1', ...X.map((r) => r.join(','))].join('\n'));
    const r = await runCli([
      'cluster',
      '--points',
      points,
      '--bandwidth',
      String(ref.inputs.bandwidth),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels).toEqual(ref.expected.default.labels);
    out.centers.forEach((c: number[], i: number) =>
      c.forEach((v, j) =>
        expect(Math.abs(v - ref.expected.default.cluster_centers[i][j])).toBeLessThan(1e-9),
      ),
    );
  });

  it('runs the improved MeanShift and reports its radius', async () => {
    const ref = reference('improved_meanshift/passrate8d_300.json');
    const points = join(dir, 'pass.csv');
    const X: number[][] = ref.inputs.X;
    writeFileSync(points, [X[0].map((_, j) => `m${j}`).join(','), ...X.map((r) => r.join(','))].join('\n'));
    const r = await runCli(['cluster', '--points', points, '--algorithm', 'cod', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.bandwidth).toBeCloseTo(ref.expected.R, 12);
    expect(out.labels).toEqual(ref.expected.labels);
  });

  it('names the line of a non-numeric value', async () => {
    const points = join(dir, 'bad.csv');
    writeFileSync(points, 'a,b\n1,2\n3,x\n');
    const r = await runCli(['cluster', '--points', points]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3, column "b": expected a number, found "x"/);
    writeFileSync(points, 'a,b\n1,2\n3, \n');
    const blank = await runCli(['cluster', '--points', points]);
    expect(blank.code).toBe(1);
    expect(blank.stderr).toMatch(/line 3, column "b": expected a number, found " "/);
  });

  it('reads quoted cells and CRLF line ends, and skips blank lines', async () => {
    const plain = join(dir, 'plain.csv');
    const quoted = join(dir, 'quoted.csv');
    const rows = ['0.1,0.2', '0.1,0.25', '0.9,0.8', '0.85,0.8', '0,0'];
    writeFileSync(plain, ['a,b', ...rows].join('\n') + '\n');
    writeFileSync(quoted, ['"a","b"', '"0.1",0.2', '', ...rows.slice(1), '  '].join('\r\n'));
    const a = await runCli(['cluster', '--points', plain, '--bandwidth', '0.3', '--json']);
    const b = await runCli(['cluster', '--points', quoted, '--bandwidth', '0.3', '--json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    expect(JSON.parse(a.stdout).labels).toHaveLength(5);
  });
});

describe('scalecast fit', () => {
  it('fits the COD law at least as well as SciPy and evaluates it at --at', async () => {
    const ref = reference('curve_fits/cod_law.json');
    const c = ref.expected.cases.find((x: { id: string }) => x.id === 'saturating_noise0');
    const points = join(dir, 'fit.csv');
    const C: number[] = ref.inputs.C;
    writeFileSync(points, ['C,y', ...C.map((x, i) => `${x * 1e18},${c.y[i]}`)].join('\n'));
    const r = await runCli(['fit', '--points', points, '--at', String(ref.inputs.C_target * 1e18), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.params)).toEqual(['a', 'b', 'c', 'g']);
    expect(out.converged).toBe(true);
    expect(out.sse).toBeLessThanOrEqual(c.expected.sse_acceptance_threshold + 1e-9);
    expect(Math.abs(out.value - c.expected.extrapolation_at_C_target)).toBeLessThan(0.02);
  });

  it('takes the reference fixtures’ bounds, letting c go below 0 as SciPy’s fit did', async () => {
    const ref = reference('curve_fits/cod_law.json');
    const c = ref.expected.cases.find((x: { id: string }) => x.id === 'saturating_noise0.02');
    expect(c.expected.best_params.c).toBeLessThan(0);
    const points = join(dir, 'fit-neg-c.csv');
    const C: number[] = ref.inputs.C;
    writeFileSync(points, ['C,y', ...C.map((x, i) => `${x * 1e18},${c.y[i]}`)].join('\n'));
    const free = await runCli([
      'fit',
      '--points',
      points,
      '--lower',
      '0,0,-1,0',
      '--upper',
      'inf,5,10,0.99',
      '--json',
    ]);
    expect(free.code).toBe(0);
    const out = JSON.parse(free.stdout);
    expect(out.params.c).toBeLessThan(0);
    expect(out.sse).toBeLessThanOrEqual(c.expected.sse_acceptance_threshold);
    const product = JSON.parse((await runCli(['fit', '--points', points, '--json'])).stdout);
    expect(product.params.c).toBeGreaterThanOrEqual(0);
    const bad = await runCli(['fit', '--points', points, '--lower', '0,0,x,0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lower: "x" is not a number \(parameter c\)/);
  });
});
