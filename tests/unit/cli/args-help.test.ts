import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, type CommandSpec } from '../../../src/cli/args.ts';
import { paramsInFlops } from '../../../src/cli/fit.ts';
import { LAWS, toLawUnits } from '../../../src/core/fit/index.ts';
import { runCli } from './helpers.ts';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'a demo',
  usage: '<file>...',
  flags: [
    { name: 'json', kind: 'switch', help: 'json' },
    { name: 'bin-seeding', kind: 'switch', help: 'bins' },
    { name: 'bandwidth', kind: 'value', arg: 'R', help: 'radius' },
    { name: 'targets', kind: 'list', arg: 'a,b', help: 'targets' },
    { name: 'set', kind: 'list', arg: 'key=value', help: 'settings' },
  ],
};
const COMMANDS = ['inspect', 'predict', 'backtest', 'cluster', 'fit', 'ablate', 'sweep'];
const dir = mkdtempSync(join(tmpdir(), 'scalecast-args-'));

describe('the argument parser', () => {
  it('reads switches as switches wherever they stand', () => {
    for (const argv of [
      ['a', '--bin-seeding'],
      ['a', '--bin-seeding', '--json'],
      ['--bin-seeding', '--bandwidth', '0.2828', 'a'],
    ]) {
      const p = parseCommandArgs(spec, argv);
      expect(p.flags['bin-seeding']).toBe(true);
      expect(p.positional).toEqual(['a']);
    }
    const p = parseCommandArgs(spec, ['--bin-seeding', '--bandwidth', '0.2828', 'a', '--json']);
    expect(p.flags).toEqual({ 'bin-seeding': true, bandwidth: '0.2828', json: true });
  });

  it('collects list items and --set pairs, and keeps values after --', () => {
    const p = parseCommandArgs(spec, [
      '--targets',
      'a,b',
      '--targets=c',
      '--set',
      'q=0.2',
      '--set=k=3',
      '--bandwidth=-0.5',
      '--',
      '--json',
    ]);
    expect(p.lists.targets).toEqual(['a', 'b', 'c']);
    expect(p.set).toEqual({ q: '0.2', k: '3' });
    expect(p.flags.bandwidth).toBe('-0.5');
    expect(p.positional).toEqual(['--json']);
  });

  it('names the flag of every mistake', () => {
    expect(() => parseCommandArgs(spec, ['--frobnicate'])).toThrow(/unknown flag --frobnicate/);
    expect(() => parseCommandArgs(spec, ['--jsn=1'])).toThrow(/unknown flag --jsn/);
    expect(() => parseCommandArgs(spec, ['-x'])).toThrow(/unknown flag -x/);
    expect(() => parseCommandArgs(spec, ['--bandwidth'])).toThrow(/--bandwidth needs a value <R>/);
    expect(() => parseCommandArgs(spec, ['--bandwidth', '--json'])).toThrow(/--bandwidth needs a value/);
    expect(() => parseCommandArgs(spec, ['--json=true'])).toThrow(/--json is a switch/);
    expect(() => parseCommandArgs(spec, ['--set', 'novalue'])).toThrow(/--set expects key=value/);
  });
});

describe('scalecast help, version and exit codes', () => {
  it('prints every flag of every command on stdout, one line each, and exits 0', async () => {
    for (const c of COMMANDS) {
      for (const argv of [
        [c, '--help'],
        [c, '-h'],
        ['help', c],
        [c, 'x', '--json', '--help'],
      ]) {
        const r = await runCli(argv);
        expect(r.code, argv.join(' ')).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(new RegExp(`^usage: scalecast ${c} `));
        expect(r.stdout).toMatch(/exit codes: 0 ok, 1 error or nothing could be predicted, 2 usage error/);
      }
      const { spec: s } = await import(`../../../src/cli/${c}.ts`);
      const help = (await runCli([c, '--help'])).stdout.split('\n');
      for (const f of [...s.flags, { name: 'help' }]) {
        const lines = help.filter((l) => new RegExp(`^\\s+(?:-\\w, )?--${f.name}(?![\\w-])`).test(l));
        expect(lines.length, `${c} --${f.name}`).toBe(1);
        expect(lines[0]).toMatch(/\S\s{2,}\S/);
      }
    }
  });

  it('prints the version and the top-level help', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^scalecast \d+\.\d+\.\d+\n$/);
    const h = await runCli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/fit\s+fit a scaling law to \(compute, score\) points/);
    expect(h.stdout).toMatch(/exit codes/);
    expect((await runCli([])).code).toBe(2);
  });

  it('exits 2 naming an unknown flag, and with a usage error for a missing required flag', async () => {
    const u = await runCli(['cluster', '--points', 'x.csv', '--bogus']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/scalecast cluster: unknown flag --bogus \(see: scalecast cluster --help\)/);
    const m = await runCli(['fit']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/--points <csv> is required/);
    const p = await runCli(['predict', 'x']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--target <model> is required/);
  });
});

describe('refusals and compute notations', () => {
  const models = join(dir, 'tiny.models.csv');
  const scores = join(dir, 'tiny.scores.csv');
  writeFileSync(models, 'model,params,tokens,flops,role\nm1,,,,ladder\nm2,,,,ladder\nbig,,,1e24,target\n');
  const rows = ['model,benchmark,question,score,trials'];
  for (let q = 0; q < 40; q++)
    for (const [m, s] of [
      ['m1', 0.2],
      ['m2', 0.4],
      ['big', 0.7],
    ] as const)
      rows.push(`${m},b,q${q},${s},10`);
  writeFileSync(scores, rows.join('\n'));

  it('prints no number for a refused benchmark and exits 1 when nothing could be predicted', async () => {
    const r = await runCli(['predict', models, scores, '--target', 'big', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe('refused');
    for (const b of j.benchmarks) {
      expect(b.status).toBe('refused');
      expect(b.predicted).toBeNull();
      expect(b.low).toBeNull();
      expect(b.error).toBeNull();
      expect(b.reason.length).toBeGreaterThan(10);
      expect(b.fallback).toBeUndefined(); // no ladder: the end-to-end fit has nothing to say either
    }
    const t = await runCli(['predict', models, scores, '--target', 'big']);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(/b: refused: /);
    expect(t.stdout).not.toMatch(/0\.0% \[/);
  });

  it('reads --target-flops in every notation of the page, and refuses a bare model size', async () => {
    const run = (f: string) =>
      runCli([
        'predict',
        models,
        scores,
        '--target',
        'planned',
        '--target-flops',
        f,
        '--method',
        'largest',
        '--json',
      ]);
    const a = await run('30B on 1T tokens');
    expect(JSON.parse(a.stdout).targetFlops).toBeCloseTo(1.8e23, -15);
    expect(JSON.parse((await run('1.8e23 FLOPs')).stdout).targetFlops).toBe(1.8e23);
    const bad = await run('70B');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--target-flops: "70B" looks like a model size/);
  });
});

describe('scalecast fit units and intervals', () => {
  it('gives parameters for C in FLOPs that reproduce the law-unit fit', () => {
    for (const [law, p] of [
      ['cod', [2.5, 0.4, 0.1, 0.2]],
      ['f1', [1.2, 0.3, 0.05]],
      ['f2', [3, 0.5, 0.25]],
      ['f3', [0.8, 0.2]],
      ['bnsl', [0.1, 0.9, 0.3, 0.2, 50, 0.5]],
    ] as const) {
      const q = paramsInFlops(law, [...p]);
      for (const F of [1e19, 3e21, 8e23]) {
        const inUnits = LAWS[law].value([...p], toLawUnits(F));
        const inFlops = LAWS[law].value(q, F);
        expect(Math.abs(inFlops - inUnits)).toBeLessThan(1e-12);
      }
    }
  });

  it('reports a value inside its own interval and inside [0,1], whatever the bounds', async () => {
    const points = join(dir, 'rising.csv');
    const C = [1e19, 3e19, 1e20, 3e20, 1e21, 3e21, 1e22];
    writeFileSync(points, ['C,y', ...C.map((c, i) => `${c},${(0.3 + 0.09 * i).toFixed(3)}`)].join('\n'));
    for (const extra of [[], ['--lower', '0,0,-1,0', '--upper', 'inf,5,10,2']]) {
      const r = await runCli(['fit', '--points', points, '--at', '1e26', ...extra, '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.lawUnitFlops).toBe(1e18);
      expect(j.low).toBeLessThanOrEqual(j.value);
      expect(j.value).toBeLessThanOrEqual(j.high);
      expect(j.value).toBeGreaterThanOrEqual(0);
      expect(j.high).toBeLessThanOrEqual(1);
      const p = Object.values(j.params) as number[];
      const atC = LAWS.cod.value(p, 1e26);
      expect(Math.min(1, Math.max(0, atC))).toBeCloseTo(j.value, 9);
    }
  });

  it('refuses points it cannot fit with a message', async () => {
    const zero = join(dir, 'zero.csv');
    writeFileSync(zero, 'C,y\n0,0.1\n1e20,0.2\n1e21,0.3\n1e22,0.4\n1e23,0.5\n');
    const r = await runCli(['fit', '--points', zero]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row 1: C must be a compute in FLOPs above 0/);
    const high = join(dir, 'high.csv');
    writeFileSync(high, 'C,y\n1e19,0.1\n1e20,1.7\n1e21,0.3\n1e22,0.4\n1e23,0.5\n');
    expect((await runCli(['fit', '--points', high])).stderr).toMatch(/row 2: y must be a score in \[0,1\]/);
  });
});

describe('scalecast backtest targets', () => {
  it('holds back every target-role model when no --targets is given, and says which', async () => {
    const studies = new URL('../../../../shared/data/studies/', import.meta.url).pathname;
    const files = [join(studies, 'mmlu_pro.models.csv'), join(studies, 'mmlu_pro.scores.csv')];
    const r = await runCli(['backtest', ...files, '--methods', 'largest', '--cuts', '3', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /holding back Meta-Llama-3-70B, Meta-Llama-3_1-70B \(the target-role models\); choose with --targets/,
    );
    const j = JSON.parse(r.stdout);
    expect(j.targets.map((t: { target: string }) => t.target)).toEqual([
      'Meta-Llama-3-70B',
      'Meta-Llama-3_1-70B',
    ]);
  });
});
