import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { parseArgs } from '../../src/cli/args.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const shared = (rel: string) => fileURLToPath(new URL(`../../../shared/${rel}`, import.meta.url));

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('parseArgs', () => {
  it('reads positionals, --flag value, --flag=value, repeated --set and booleans', () => {
    expect(
      parseArgs([
        'inspect',
        'a',
        '--json',
        'b',
        '--metric',
        'acc',
        '--filter=none',
        '--set',
        'q=0.2',
        '--set=k=3',
      ]),
    ).toEqual({
      command: 'inspect',
      positional: ['a', 'b'],
      flags: { json: true, metric: 'acc', filter: 'none' },
      set: { q: '0.2', k: '3' },
    });
    expect(() => parseArgs(['x', '--set', 'novalue'])).toThrow(/--set expects key=value/);
    expect(() => parseArgs(['x', '--metric'])).toThrow(/--metric needs a value/);
  });
});

describe('scalecast inspect', () => {
  it('prints exactly one JSON object with models, benchmarks and warnings', async () => {
    const { code, out } = await capture([
      'inspect',
      shared('data/format_examples/lm_eval_samples_pythia-14m'),
      '--json',
    ]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(1);
    const j = JSON.parse(lines[0]);
    expect(j.models).toEqual([
      { model: 'lm_eval_samples_pythia-14m', params: null, tokens: null, flops: null, role: 'ladder' },
    ]);
    expect(j.benchmarks).toContainEqual({
      benchmark: 'metabench_gsm8k_secondary',
      questions: 249,
      models: 1,
    });
    expect(j.warnings.length).toBeGreaterThan(0);
  });

  it('prints a readable table', async () => {
    const { code, out } = await capture(['inspect', shared('data/format_examples/inspect_ai_logs')]);
    expect(code).toBe(0);
    expect(out).toMatch(/3 model\(s\)/);
    expect(out).toMatch(/openai\/gpt-4o\s+—\s+—\s+—\s+ladder/);
    expect(out).toMatch(/inspect_evals\/mmlu_0_shot\s+1\s+1/);
  });

  it('exits non-zero naming the bad file on stderr', async () => {
    const { code, err } = await capture([
      'inspect',
      shared('data/format_examples/inspect_ai_logs/log_read_sample.json'),
      shared('data/README.md'),
      repo + 'package.json',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/package\.json: unknown JSON content/);
  });

  it('handles help, unknown and not-yet-built commands', async () => {
    expect((await capture(['--help'])).out).toMatch(/usage: scalecast <command>/);
    const unknown = await capture(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "frobnicate"/);
    const missing = await capture(['inspect']);
    expect(missing.code).toBe(2);
  });

  it('runs as a child process: node bin/scalecast.mjs inspect ../shared/data/studies --json', async () => {
    const { stdout } = await promisify(execFile)(
      'node',
      ['bin/scalecast.mjs', 'inspect', '../shared/data/studies', '--json'],
      {
        cwd: repo,
        maxBuffer: 1 << 24,
      },
    );
    const j = JSON.parse(stdout);
    expect(j.models.length).toBe(57);
    expect(j.benchmarks).toContainEqual({ benchmark: 'mmlu_pro', questions: 12032, models: 15 });
    expect(j.models[0]).toEqual({
      model: 'Llama-2-7b-hf',
      params: 7e9,
      tokens: 2e12,
      flops: 8.4e22,
      role: 'ladder',
    });
  });
});
