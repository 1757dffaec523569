import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { runCli } from './helpers.ts';

const sim = simulateStudy({
  seed: 3,
  benchmarks: [
    { name: 'open', questions: 160, guess: 0, mix: { saturated: 1, emergent: 5, late: 1, never: 0.5 } },
    { name: 'choice', questions: 120, guess: 0.25, mix: { saturated: 1, emergent: 4, late: 1, never: 1 } },
  ],
});
const dir = mkdtempSync(join(tmpdir(), 'scalecast-sweep-'));
const files = [join(dir, 'sim.models.csv'), join(dir, 'sim.scores.csv')];
writeFileSync(
  files[0],
  ['model,flops,role', ...sim.study.models.map((m) => `${m.name},${m.flops},${m.role}`)].join('\n'),
);
const scoreLines = ['model,benchmark,question,score,trials'];
for (const b of sim.study.benchmarks)
  b.models.forEach((model, j) =>
    b.questions.forEach((q, i) => {
      const k = i * b.models.length + j;
      scoreLines.push(`${model},${b.name},${q},${b.scores[k]},${b.trials[k]}`);
    }),
  );
writeFileSync(files[1], scoreLines.join('\n'));

const json = async (argv: string[]) => {
  const r = await runCli(argv);
  const out = JSON.parse(r.stdout);
  // predict exits 1 with one line on stderr when every benchmark is refused
  const refused = argv[0] === 'predict' && out.status === 'refused';
  expect(r.stderr).toBe(refused ? 'scalecast predict: no benchmark could be predicted\n' : '');
  expect(r.code).toBe(refused ? 1 : 0);
  return out;
};

describe('scalecast sweep', () => {
  it('gives for each value the rows predict --set key=value gives', async () => {
    const out = await json([
      'sweep',
      ...files,
      '--target',
      sim.target.name,
      '--param',
      'upper',
      '--values',
      'auto,0.05',
      '--set',
      'mapping=spline',
      '--json',
    ]);
    expect(out).toMatchObject({ target: sim.target.name, param: 'upper', param2: null });
    expect(out.rows).toHaveLength(4);
    for (const [text, value] of [
      ['auto', null],
      ['0.05', 0.05],
    ] as const) {
      const one = await json([
        'predict',
        ...files,
        '--target',
        sim.target.name,
        '--method',
        'cod',
        '--set',
        'mapping=spline',
        '--set',
        `upper=${text}`,
        '--json',
      ]);
      const rows = out.rows.filter((r: { value: unknown }) => r.value === value);
      expect(rows).toEqual(
        one.benchmarks.map((b: Record<string, unknown>) => ({
          value,
          value2: null,
          benchmark: b.benchmark,
          method: 'cod',
          predicted: b.predicted,
          low: b.low,
          high: b.high,
          actual: b.actual,
        })),
      );
    }
  });

  it('sweeps a grid of two parameters, and says what it cannot read', async () => {
    const out = await json([
      'sweep',
      ...files,
      '--target',
      sim.target.name,
      '--param',
      'minB',
      '--values',
      '0.1:0.3:0.2',
      '--param2',
      'law',
      '--values2',
      'cod,f2',
      '--json',
    ]);
    expect(out.param2).toBe('law');
    expect(out.rows.map((r: { value: number; value2: string }) => `${r.value}/${r.value2}`)).toEqual([
      '0.1/cod',
      '0.1/cod',
      '0.1/f2',
      '0.1/f2',
      '0.3/cod',
      '0.3/cod',
      '0.3/f2',
      '0.3/f2',
    ]);
    const bad = await runCli([
      'sweep',
      ...files,
      '--target',
      sim.target.name,
      '--param',
      'law',
      '--values',
      'f9',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/law must be one of cod, f1, f2, f3; got "f9"/);
    const none = await runCli(['sweep', ...files, '--target', sim.target.name]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--param <key> and --values/);
  });

  it('predict defaults to the ladder-weighted method and gives its explanation', async () => {
    const out = await json(['predict', ...files, '--target', sim.target.name, '--json']);
    expect(out.method).toBe('default');
    for (const b of out.benchmarks) {
      expect(b.explanation.rule).toMatch(/self-backtest/);
      const weights = b.explanation.candidates.map((c: { weight: number }) => c.weight);
      expect(weights.reduce((a: number, w: number) => a + w, 0)).toBeCloseTo(1, 9);
      expect(b.explanation.candidates.map((c: { method: string }) => c.method)).toContain('cod');
    }
  });

  it('adds the self-backtest proxy on --proxy, naming the model it held back', async () => {
    const out = await json([
      'sweep',
      ...files,
      '--target',
      sim.target.name,
      '--param',
      'minB',
      '--values',
      '0.1,1',
      '--proxy',
      '--json',
    ]);
    const ladder = sim.study.models.filter((m) => m.role === 'ladder');
    expect(out.proxyModel).toBe(ladder[ladder.length - 1].name);
    expect(out.proxy).toHaveLength(4);
    expect(out.proxy.every((r: { error: number | null }) => r.error !== null && r.error >= 0)).toBe(true);
    const text = await runCli([
      'sweep',
      ...files,
      '--target',
      sim.target.name,
      '--param',
      'minB',
      '--values',
      '1',
      '--proxy',
    ]);
    expect(text.stdout).toMatch(/a proxy, not the error at the target/);
  });
});
