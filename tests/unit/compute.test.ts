import { describe, expect, it } from 'vitest';
import {
  REGISTRY,
  fillCompute,
  lookupModel,
  parsePlannedRun,
  parseQuantity,
  parseComputeEntry,
  parseCount,
} from '../../src/core/compute/index.ts';
import { emptyStudy, type ModelInfo } from '../../src/core/study/study.ts';

describe('parseQuantity', () => {
  it.each([
    ['7B', 7e9],
    ['1.8T', 1.8e12],
    ['6e23 FLOPs', 6e23],
    ['70b', 70e9],
    ['15T tokens', 15e12],
    ['3.8e24', 3.8e24],
    ['125M', 125e6],
    ['1,000', 1000],
    ['0.5B params', 0.5e9],
    ['2 trillion', 2e12],
  ])('%s → %d', (text, value) => expect(parseQuantity(text)).toBeCloseTo(value, -Math.log10(value) + 10));
  it.each(['', 'seven', '7X', '7B7', '1e', 'B7', '-3B'])('rejects "%s" with a clear message', (text) => {
    expect(() => parseQuantity(text)).toThrow(
      /cannot read .* as a count: expected a number with an optional K\/M\/B\/T suffix/,
    );
  });
});

describe('parsePlannedRun', () => {
  it('reads params on tokens, in either order, and bare compute', () => {
    expect(parsePlannedRun('70B on 15T tokens')).toEqual({
      params: 70e9,
      tokens: 15e12,
      flops: 6 * 70e9 * 15e12,
    });
    expect(parsePlannedRun('15T tokens, 8B params')).toEqual({
      params: 8e9,
      tokens: 15e12,
      flops: 6 * 8e9 * 15e12,
    });
    expect(parsePlannedRun('8B x 2T')).toMatchObject({ params: 8e9, tokens: 2e12 });
    expect(parsePlannedRun('6e24 FLOPs')).toEqual({ flops: 6e24 });
    expect(() => parsePlannedRun('70B')).toThrow(/looks like a model size \(a parameter count\)/);
    expect(() => parsePlannedRun('big on lots')).toThrow(/expected "<params> on <tokens>"/);
  });
});

describe('registry', () => {
  it('holds the required families with sources', () => {
    const keys = REGISTRY.map((e) => e.key);
    for (const k of [
      ...['70m', '160m', '410m', '1b', '1.4b', '2.8b', '6.9b', '12b'].map((s) => `pythia-${s}`),
      'llama-2-7b',
      'llama-2-13b',
      'llama-2-70b',
      'llama-3-8b',
      'llama-3-70b',
      'llama-3.1-8b',
      'llama-3.1-70b',
      'llama-3.1-405b',
      'qwen2.5-0.5b',
      'qwen2.5-72b',
      'gemma-2-2b',
      'gemma-2-9b',
      'gemma-2-27b',
      'olmo-1b',
      'olmo-7b',
    ])
      expect(keys).toContain(k);
    expect(
      REGISTRY.every((e) => e.source.length > 10 && e.params > 0 && (e.tokens === undefined || e.tokens > 0)),
    ).toBe(true);
  });
  it.each([
    ['EleutherAI/pythia-1.4b', 'pythia-1.4b', 299_892_736_000],
    ['EleutherAI__pythia-160m-deduped', 'pythia-160m', 299_892_736_000],
    ['meta-llama/Meta-Llama-3-8B', 'llama-3-8b', 15e12],
    ['Llama-2-7b-hf', 'llama-2-7b', 2e12],
    ['Meta-Llama-3_1-70B', 'llama-3.1-70b', 15e12],
    ['Qwen/Qwen2.5-7B', 'qwen2.5-7b', 18e12],
    ['google/gemma-2-9b', 'gemma-2-9b', 8e12],
    ['allenai/OLMo-7B', 'olmo-7b', 2.46e12],
    ['EleutherAI/pythia-v1.1-160m@step3000', 'pythia-160m', 3000 * 2_097_152],
    ['EleutherAI__pythia-14m', 'pythia-14m', 299_892_736_000],
    ['EleutherAI/pythia-31m', 'pythia-31m', 299_892_736_000],
    ['01-ai/Yi-6B', 'yi-6b', 3e12],
    ['Yi-6b-Chat', 'yi-6b', 3e12],
    ['google/gemma-7b', 'gemma-7b', 6e12],
    ['Qwen/Qwen1.5-72B-Chat', 'qwen1.5-72b', 3e12],
    ['Qwen/Qwen2-7B', 'qwen2-7b', 7e12],
    ['mistralai/Mistral-7B-v0.1', 'mistral-7b-v0.1', undefined],
    ['Meta-Llama-3_1-8B-Instruct', 'llama-3.1-8b', 15e12],
    ['meta-llama/Meta-Llama-3.1-405B-FP8', 'llama-3.1-405b', 15e12],
    ['huggyllama/llama-65b', 'llama-65b', 1.4e12],
    ['facebook/opt-1.3b', 'opt-1.3b', 180e9],
    ['bigscience/bloom-560m', 'bloom-560m', 366e9],
  ])('lookupModel(%s)', (name, key, tokens) => {
    const hit = lookupModel(name)!;
    expect(hit.key).toBe(key);
    expect(hit.checkpointTokens).toBe(tokens);
  });
  it('knows every model of the MMLU-Pro study and every Pythia size', async () => {
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(
      new URL('../../../shared/data/studies/mmlu_pro.models.csv', import.meta.url),
      'utf8',
    );
    const names = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const n of names) expect(lookupModel(n), n).toBeDefined();
    for (const size of ['14m', '31m', '70m', '160m', '410m', '1b', '1.4b', '2.8b', '6.9b', '12b'])
      expect(lookupModel(`EleutherAI/pythia-${size}-deduped`)?.key).toBe(`pythia-${size}`);
  });
  it('fills params but no compute for a family whose tokens were never published', () => {
    const s = emptyStudy();
    s.models = [{ name: 'mistralai/Mistral-7B-v0.1', computeSource: 'none', role: 'ladder' }];
    const out = fillCompute(s);
    expect(out.models[0]).toMatchObject({ params: 7.24e9, computeSource: 'none' });
    expect(out.models[0].flops).toBeUndefined();
    expect(out.warnings.join()).toMatch(/not published/);
  });
  it('does not match unknown or merely similar names', () => {
    expect(lookupModel('gpt-4o')).toBeUndefined();
    expect(lookupModel('pythia-15m')).toBeUndefined();
    expect(lookupModel('Llama-2-8b')).toBeUndefined();
  });
  it('fillCompute fills from 6ND or the registry and never overrides given values', () => {
    const s = emptyStudy();
    const m = (x: Partial<ModelInfo> & { name: string }): ModelInfo => ({
      computeSource: 'none',
      role: 'ladder',
      ...x,
    });
    s.models = [
      m({ name: 'given', flops: 1e20, computeSource: 'file' }),
      m({ name: 'own', params: 1e9, tokens: 1e10 }),
      m({ name: 'meta-llama/Llama-2-13b-hf', params: 13.5e9 }),
      m({ name: 'Meta-Llama-3-8B', flops: 5e23, computeSource: 'user' }),
      m({ name: 'mystery' }),
    ];
    const out = fillCompute(s);
    expect(out.models[0]).toEqual(s.models[0]);
    expect(out.models[1]).toMatchObject({ flops: 6e19, computeSource: '6ND' });
    expect(out.models[2]).toMatchObject({
      params: 13.5e9,
      tokens: 2e12,
      flops: 6 * 13.5e9 * 2e12,
      computeSource: 'registry',
    });
    expect(out.models[3]).toEqual(s.models[3]);
    expect(out.models[4].flops).toBeUndefined();
    expect(out.warnings.join()).toMatch(/Llama 2 13B/);
    expect(s.models[1].flops).toBeUndefined();
  });
});

describe('parseComputeEntry: one parser for every compute field', () => {
  it.each([
    ['6e23', { flops: 6e23 }],
    ['6e23 FLOPs', { flops: 6e23 }],
    ['70B on 15T tokens', { params: 70e9, tokens: 15e12, flops: 6 * 70e9 * 15e12 }],
    ['', {}],
  ])('"%s"', (text, want) => expect(parseComputeEntry(text)).toEqual(want));

  it('refuses a bare parameter count with a hint', () => {
    expect(() => parseComputeEntry('7B')).toThrow(/parameter count.*7B on 2T tokens/);
  });

  it('reads counts for the params and tokens fields, and refuses a compute there', () => {
    expect(parseCount('7B', 'params')).toBe(7e9);
    expect(parseCount('15T tokens', 'tokens')).toBe(15e12);
    expect(parseCount('', 'tokens')).toBeUndefined();
    expect(() => parseCount('6e23 FLOPs', 'params')).toThrow(/is a compute/);
  });
});
