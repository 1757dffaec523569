import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GOLD_PROB, goldChoice } from '../../../src/core/ingest/choices.ts';
import { importFiles, type ImportOptions } from '../../../src/core/ingest/index.ts';
import { fullSetScore } from '../../../src/core/study/study.ts';
import { argmax, softmaxAt } from '../../../src/core/util/softmax.ts';
import { filesAt, memFile, shared } from './helpers.ts';

const PATH = 'org__model/samples_mc_2024-11-26T10-50-23.349203.jsonl';
const GRADED: ImportOptions = { lmEval: { mcSignal: GOLD_PROB } };

/** One lm-eval multiple-choice sample line, as lm-eval writes it (log-likelihoods as strings, older build). */
function mcLine(
  id: number,
  logLiks: (number | string)[],
  target: unknown,
  acc: number,
  conts: string[] = logLiks.map((_, i) => ` choice ${i}`),
): string {
  const best = argmax(logLiks.map(Number));
  const pairs = logLiks.map((ll, i) => [
    typeof ll === 'number' ? String(ll) : ll,
    i === best ? 'True' : 'False',
  ]);
  return JSON.stringify({
    doc_id: id,
    doc: { question: `q${id}`, nested: { choices: ['a', 'b'] } },
    target,
    arguments: Object.fromEntries(conts.map((c, i) => [`gen_args_${i}`, { arg_0: `ctx ${i}`, arg_1: c }])),
    resps: pairs.map((p) => [p]),
    filtered_resps: pairs,
    doc_hash: 'h',
    acc,
    acc_norm: acc,
  });
}

async function importLines(lines: string[], options: ImportOptions = GRADED) {
  return importFiles([memFile(PATH, lines.join('\n') + '\n', 97)], options);
}

describe('softmaxAt', () => {
  it('gives the probabilities back from their logarithms', () => {
    const ll = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    expect(softmaxAt(ll, 0)).toBeCloseTo(0.5, 14);
    expect(softmaxAt(ll, 1)).toBeCloseTo(0.3, 14);
    expect(softmaxAt(ll, 2)).toBeCloseTo(0.2, 14);
  });

  it('stays finite where exp would underflow or overflow (the max is subtracted)', () => {
    // Hand-computed: 1 / (1 + e^-1) = 0.7310585786300049.
    expect(softmaxAt([-1000, -1001], 0)).toBeCloseTo(0.7310585786300049, 14);
    expect(softmaxAt([1000, 999], 0)).toBeCloseTo(0.7310585786300049, 14);
    expect(softmaxAt([-5000, -5000, -5000, -5000], 3)).toBe(0.25);
    // e^-800 is below the smallest double: the choice gets probability 0, never NaN.
    expect(softmaxAt([0, -800], 1)).toBe(0);
    expect(softmaxAt([0, -800], 0)).toBe(1);
  });

  it('argmax takes the first of tied values, as numpy does for lm-eval acc', () => {
    expect(argmax([-2, -1, -1])).toBe(1);
    expect(argmax([0])).toBe(0);
  });
});

describe('gold_prob of lm-eval multiple-choice samples', () => {
  it('scores each question by the softmax at the gold index and keeps the mean acc as the full-set score', async () => {
    const r = await importLines([
      mcLine(0, [-1, -2, -0.5], '2', 1),
      mcLine(1, [-3.37109375, -4.37109375, -0.37060546875, -3.37109375], 3, 0),
    ]);
    expect(r.files[0].error).toBeUndefined();
    const b = r.study.benchmarks[0];
    const e = Math.exp;
    expect(b.scores[0]).toBeCloseTo(e(-0.5) / (e(-1) + e(-2) + e(-0.5)), 14);
    const l2 = [-3.37109375, -4.37109375, -0.37060546875, -3.37109375];
    expect(b.scores[1]).toBeCloseTo(e(l2[3]) / l2.reduce((s, x) => s + e(x), 0), 14);
    expect([...b.trials]).toEqual([1, 1]);
    expect(fullSetScore(r.study, b, 'org/model')).toBe(0.5);
    expect(r.choices.lmEvalMetrics).toContain(GOLD_PROB);
  });

  it('takes metric "gold_prob" as the graded signal too, and "acc" as the 0/1 one', async () => {
    const lines = [mcLine(0, [-1, -2], 0, 1), mcLine(1, [-1, -2], 1, 0)];
    const graded = await importLines(lines, { lmEval: { metric: GOLD_PROB } });
    expect(graded.study.benchmarks[0].scores[1]).toBeCloseTo(1 / (1 + Math.E), 14);
    const plain = await importLines(lines, { lmEval: { metric: 'acc' } });
    expect([...plain.study.benchmarks[0].scores]).toEqual([1, 0]);
    expect(plain.study.metrics).toEqual([]);
  });

  it('finds a text target among the continuations', async () => {
    const r = await importLines([mcLine(0, [-2, -1, -3], 'blue', 0, [' red', ' green', ' blue'])]);
    expect(r.study.benchmarks[0].scores[0]).toBeCloseTo(softmaxAt([-2, -1, -3], 2), 14);
  });

  it('tells the gold of two choices that differ in their context (winogrande) from acc', async () => {
    const same = [' went home.', ' went home.'];
    const r = await importLines([
      mcLine(0, [-59, -58.625], 'went home.', 0, same),
      mcLine(1, [-5, -6], 'x', 1, same),
    ]);
    const b = r.study.benchmarks[0];
    expect(b.scores[0]).toBeCloseTo(softmaxAt([-59, -58.625], 0), 14);
    expect(b.scores[1]).toBeCloseTo(softmaxAt([-5, -6], 0), 14);
  });

  it('keeps acc, with a warning naming the line, when a line does not tell its gold choice', async () => {
    const same = [' x', ' x', ' x'];
    const r = await importLines([mcLine(0, [-1, -2, -3], 0, 1), mcLine(1, [-1, -2, -3], 'x', 0, same)]);
    expect(r.files[0].error).toBeUndefined();
    expect([...r.study.benchmarks[0].scores]).toEqual([1, 0]);
    expect(r.files[0].warnings.join('\n')).toMatch(/line 2: no gold-choice probability .*scored by "acc"/);
    expect(r.study.metrics).toEqual([]);
  });

  it('keeps acc when the target disagrees with acc and the log-likelihoods', async () => {
    const r = await importLines([mcLine(0, [-1, -2, -3], 0, 0)]);
    expect(r.files[0].warnings.join('\n')).toMatch(/disagrees with acc/);
    expect([...r.study.benchmarks[0].scores]).toEqual([0]);
  });

  it('refuses a gold index outside the choices, naming file, line and field', async () => {
    for (const target of [3, '3', -1, 1.5]) {
      const r = await importLines([mcLine(0, [-1, -2], 0, 1), mcLine(1, [-1, -2, -3], target, 0)]);
      expect(r.files[0].error).toMatch(
        new RegExp(
          `${PATH}, line 2, field "target": expected the gold choice's index, an integer in \\[0, 2\\]`,
        ),
      );
    }
  });

  it('refuses a log-likelihood that is not a finite number, naming file, line and field', async () => {
    for (const bad of ['-inf', 'nan', 'abc', '0x1', '']) {
      const r = await importLines([mcLine(0, [-1, bad, -3], 0, 1)]);
      expect(r.files[0].error).toMatch(
        new RegExp(`${PATH}, line 1, field "filtered_resps": expected a finite log-likelihood for choice 1`),
      );
    }
    const inf = mcLine(0, [-1, -2], 0, 1).replace(
      '"filtered_resps":[["-1","True"]',
      '"filtered_resps":[[-Infinity,"True"]',
    );
    expect((await importLines([inf])).files[0].error).toMatch(
      /field "filtered_resps": .*choice 0, got -Infinity/,
    );
  });

  it('refuses a later line without one [log-likelihood, is_greedy] pair per choice', async () => {
    const broken = mcLine(1, [-1, -2], 0, 1).replace(
      '"filtered_resps":[["-1","True"],["-2","False"]]',
      '"filtered_resps":["a","b"]',
    );
    const r = await importLines([mcLine(0, [-1, -2], 0, 1), broken]);
    expect(r.files[0].error).toMatch(
      /line 2, field "filtered_resps": expected one \[log-likelihood, is_greedy\] pair/,
    );
  });

  it('leaves generative samples to their metric', async () => {
    const gen = JSON.stringify({
      doc_id: 0,
      target: '3',
      resps: [[' The']],
      filtered_resps: ['[invalid]'],
      exact_match: 0,
    });
    const r = await importLines([gen]);
    expect([...r.study.benchmarks[0].scores]).toEqual([0]);
    expect(r.choices.lmEvalMetrics).not.toContain(GOLD_PROB);
  });

  it('resolves gold choices as lm-eval does, or says why not', () => {
    const at = { file: 'f', line: 1 };
    const base = { continuations: () => undefined, acc: undefined, logLiks: [-1, -2, -3] };
    expect(goldChoice({ ...base, target: '2' }, at)).toEqual({ index: 2 });
    expect(goldChoice({ ...base, target: '[0, 1]' }, at)).toHaveProperty('unknown');
    expect(goldChoice({ ...base, target: undefined }, at)).toHaveProperty('unknown');
    expect(goldChoice({ ...base, target: '"text"', acc: 1 }, at)).toEqual({ index: 0 });
  });

  it('ends every mutated multiple-choice file in a value or a clear error', async () => {
    const good = [mcLine(0, [-1, -2, -0.5], '2', 1), mcLine(1, [-3, -1], 0, 0, [' a', ' b'])].join('\n');
    let seed = 7;
    const next = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const tokens = ['-Infinity', 'NaN', '"-inf"', '9', '-1', '[]', '{}', '"True"', '1e999', '"2"', 'null'];
    for (let k = 0; k < 150; k++) {
      let text = good;
      const at = Math.floor(next() * text.length);
      text =
        text.slice(0, at) +
        tokens[Math.floor(next() * tokens.length)] +
        text.slice(at + Math.floor(next() * 4));
      const r = await importFiles([memFile(PATH, text, 13)], GRADED);
      const f = r.files[0];
      if (f.error) expect(f.error).toContain(PATH);
      for (const b of r.study.benchmarks) for (const v of b.scores) expect(v >= 0 && v <= 1).toBe(true);
      for (const m of r.study.metrics) expect(m.value >= 0 && m.value <= 1).toBe(true);
    }
  });
});

const PYTHIA14M = shared('data/format_examples/lm_eval_samples_pythia-14m');
const present = existsSync(PYTHIA14M);
if (!present) console.warn(`skipping the real lm-eval multiple-choice files: ${PYTHIA14M} is absent`);

describe.skipIf(!present)('gold_prob on the real pythia-14m multiple-choice samples', () => {
  /** The gold index from each task's own dataset fields, which the importer never reads. */
  const goldFromDoc: Record<string, (doc: Record<string, unknown>) => number> = {
    arc: (d) => (d.choices as { label: string[] }).label.indexOf(d.answerKey as string),
    mmlu: (d) => d.answer as number,
    winogrande: (d) => Number(d.answer) - 1,
  };

  for (const task of Object.keys(goldFromDoc)) {
    it(`${task}: every question's score is the softmax at the dataset's gold answer`, async () => {
      const path = `${PYTHIA14M}/samples_metabench_${task}_secondary_2024-11-26T10-50-23.349203.jsonl`;
      const lines = (await readFile(path, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const r = await importFiles(await filesAt(path), GRADED);
      expect(r.files[0].error).toBeUndefined();
      const b = r.study.benchmarks[0];
      let acc = 0;
      for (const l of lines) {
        const ll = (l.filtered_resps as string[][]).map((p) => Number(p[0]));
        const gold = goldFromDoc[task](l.doc);
        expect(b.scores[b.questions.indexOf(String(l.doc_id))]).toBeCloseTo(softmaxAt(ll, gold), 12);
        expect(l.acc).toBe(argmax(ll) === gold ? 1 : 0);
        acc += l.acc;
      }
      expect(fullSetScore(r.study, b, b.models[0])).toBeCloseTo(acc / lines.length, 12);
    });
  }
});
