import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { naturalOrder } from '../../src/cli/inspect.ts';

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
      {
        model: 'lm_eval_samples_pythia-14m',
        params: null,
        tokens: null,
        flops: null,
        role: 'ladder',
        computeSource: 'none',
      },
    ]);
    expect(j.benchmarks).toContainEqual(
      expect.objectContaining({ benchmark: 'metabench_gsm8k_secondary', questions: 249, models: 1 }),
    );
    expect(j.warnings.length).toBeGreaterThan(0);
  });

  it('prints a readable table', async () => {
    const { code, out } = await capture(['inspect', shared('data/format_examples/inspect_ai_logs')]);
    expect(code).toBe(0);
    expect(out).toMatch(/3 model\(s\)/);
    expect(out).toMatch(/openai\/gpt-4o\s+—\s+—\s+—\s+ladder/);
    expect(out).toMatch(/inspect_evals\/mmlu_0_shot\s+1\s+1/);
  });

  it('--mc-signal gold_prob keeps acc as the full-set metric of multiple-choice samples; a bad value is a usage error', async () => {
    const dir = shared('data/format_examples/lm_eval_samples_pythia-14m');
    const graded = await capture(['inspect', dir, '--mc-signal', 'gold_prob', '--json']);
    expect(graded.code).toBe(0);
    const j = JSON.parse(graded.out);
    const mmlu = j.benchmarks.find((b: { benchmark: string }) => b.benchmark === 'metabench_mmlu_secondary');
    expect(mmlu.metrics).toEqual([expect.objectContaining({ name: 'acc', value: 26 / 102 })]);
    const plain = JSON.parse((await capture(['inspect', dir, '--mc-signal', 'metric', '--json'])).out);
    expect(plain.benchmarks.every((b: { metrics: unknown[] }) => b.metrics.length === 0)).toBe(true);
    const bad = await capture(['inspect', dir, '--mc-signal', 'softmax']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--mc-signal: expected gold_prob or metric, got "softmax"/);
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

  it('names every skipped file with its reason and sorts model names as numbers', async () => {
    const { code, out } = await capture(['inspect', shared('data/mmlu_pro'), '--json']);
    expect(code).toBe(1);
    const j = JSON.parse(out);
    const paths = j.skipped.map((s: { path: string }) => s.path);
    expect(paths).toContain('mmlu_pro/README.md');
    expect(paths).toContain('mmlu_pro/model_meta.csv');
    expect(paths.some((p: string) => p.endsWith('.zip'))).toBe(true);
    for (const s of j.skipped) expect(s.reason.length).toBeGreaterThan(5);
    const text = await capture(['inspect', shared('data/mmlu_pro')]);
    expect(text.out).toMatch(/mmlu_pro\/model_meta\.csv: unknown format/);
    expect(naturalOrder('step13000', 'step103000')).toBeLessThan(0);
    expect(['pythia-12b', 'pythia-1.4b', 'pythia-160m', 'pythia-70m'].sort(naturalOrder)).toEqual([
      'pythia-1.4b',
      'pythia-12b',
      'pythia-70m',
      'pythia-160m',
    ]);
  });

  it('keeps registry notes apart from warnings and lists full-set metrics of results-only data', async () => {
    const { out } = await capture(['inspect', shared('data/lm_eval_v03_results/opt'), '--json']);
    const j = JSON.parse(out);
    expect(j.benchmarks.length).toBeGreaterThan(0);
    const metricOnly = j.benchmarks.filter((b: { questions: number }) => b.questions === 0);
    expect(metricOnly.length).toBeGreaterThan(0);
    for (const b of metricOnly) {
      expect(b.metrics.length).toBe(b.models);
      for (const m of b.metrics) expect(m.value).toBeGreaterThanOrEqual(0);
    }
    for (const n of j.notes) expect(n).toMatch(/from the registry/);
    for (const w of j.warnings) expect(w).not.toMatch(/from the registry \(/);
    const registry = j.models.filter((m: { computeSource: string }) => m.computeSource === 'registry');
    expect(j.notes.length).toBe(registry.length);
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
    expect(j.benchmarks).toContainEqual(
      expect.objectContaining({ benchmark: 'mmlu_pro', questions: 12032, models: 15 }),
    );
    expect(j.models).toContainEqual({
      model: 'Llama-2-7b-hf',
      params: 7e9,
      tokens: 2e12,
      flops: 8.4e22,
      role: 'ladder',
      computeSource: '6ND',
    });
  });
});
