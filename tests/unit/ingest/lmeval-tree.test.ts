import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { matchSamples, type RunRef } from '../../../src/core/ingest/lmeval-tree.ts';
import { nodeInputFiles } from '../../../src/node/files.ts';
import { readStudy, writeLmEvalTree, type WrittenTree } from '../../helpers/lmeval-tree.ts';
import { shared } from './helpers.ts';

const run = (model: string) => ({ model, repeats: new Map() });
const ref = (path: string, timestamp: string, model: string): RunRef => ({
  path,
  timestamp,
  run: run(model),
});

describe('matchSamples', () => {
  const runs = [
    ref('a__m1/results_2024-01-01T00-00-00.1.json', '2024-01-01T00-00-00.1', 'a/m1'),
    ref('a__m2/results_2024-01-02T00-00-00.1.json', '2024-01-02T00-00-00.1', 'a/m2'),
  ];
  it('joins by folder and timestamp', () => {
    expect(matchSamples('a__m2/samples_gsm_2024-01-02T00-00-00.1.jsonl', runs).run?.model).toBe('a/m2');
  });
  it('joins a flat pick by timestamp alone', () => {
    const flat = runs.map((r) => ({ ...r, path: r.path.split('/')[1] }));
    expect(matchSamples('samples_gsm_2024-01-01T00-00-00.1.jsonl', flat).run?.model).toBe('a/m1');
  });
  it('makes a flat pick of samples without results one run per timestamp, saying so', () => {
    const m = matchSamples('samples_arc_2024-11-26T10-50-23.349203.jsonl', []);
    expect(m.run?.model).toBe('lm-eval run 2024-11-26T10-50-23.349203');
    expect(m.note).toMatch(/no results_/);
  });
  it('leaves a folder without results to name the model', () => {
    expect(
      matchSamples('EleutherAI__pythia-14m/samples_arc_2024-11-26T10-50-23.3.jsonl', []).run,
    ).toBeUndefined();
  });
  it('refuses to guess between results of one timestamp naming different models', () => {
    const m = matchSamples('samples_gsm_2024-01-01T00-00-00.1.jsonl', [
      ref('r1', '2024-01-01T00-00-00.1', 'x'),
      ref('r2', '2024-01-01T00-00-00.1', 'y'),
    ]);
    expect(m.run).toBeUndefined();
    expect(m.note).toMatch(/2 results files share its timestamp/);
  });
});

describe('an lm-eval v0.4 output tree of the MMLU-Pro study', () => {
  let dir: string;
  let tree: WrittenTree;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lmeval-tree-'));
    const study = await readStudy(
      ['mmlu_pro.models.csv', 'mmlu_pro.scores.csv'].map((f) => shared(`data/studies/${f}`)),
    );
    tree = writeLmEvalTree(study, join(dir, 'out'), 300);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has at least 10 model folders', () => {
    expect(tree.models.length).toBeGreaterThanOrEqual(10);
    expect(readdirSync(join(dir, 'out')).length).toBe(tree.models.length);
  });

  it('imports as one model per folder, named by model, with compute from the registry', async () => {
    const res = await importFiles(await nodeInputFiles([join(dir, 'out')]));
    expect(res.files.filter((f) => f.error)).toEqual([]);
    expect(res.study.models.map((m) => m.name).sort()).toEqual([...tree.models].sort());
    expect(res.study.benchmarks.map((b) => b.name)).toEqual(['mmlu_pro']);
    expect(res.study.benchmarks[0].models.length).toBe(tree.models.length);
    for (const m of res.study.models) expect(m.flops, m.name).toBeGreaterThan(1e21);
  });

  it('groups a flat pick of the same files (names only) by timestamp into the same models', async () => {
    const files = (await nodeInputFiles([join(dir, 'out')])).map((f) => ({
      ...f,
      path: f.path.split('/').pop()!,
    }));
    const res = await importFiles(files);
    expect(res.files.filter((f) => f.error)).toEqual([]);
    expect(res.study.models.map((m) => m.name).sort()).toEqual([...tree.models].sort());
  });
});

describe('the real pythia-14m samples picked as files', () => {
  it('give one model, not one per task', async () => {
    const root = shared('data/format_examples/lm_eval_samples_pythia-14m');
    const files = (await nodeInputFiles([root])).map((f) => ({ ...f, path: f.path.split('/').pop()! }));
    expect(files.length).toBe(4);
    const res = await importFiles(files);
    expect(res.study.models.map((m) => m.name)).toEqual(['lm-eval run 2024-11-26T10-50-23.349203']);
    expect(res.study.benchmarks.length).toBe(4);
    const dropped = await importFiles(await nodeInputFiles([root]));
    expect(dropped.study.models.map((m) => m.name)).toEqual(['lm_eval_samples_pythia-14m']);
  });
});
