import { describe, expect, it } from 'vitest';
import {
  answersInputs,
  decodeAnswer,
  encodeAnswer,
  largestScoreChange,
  mergeAnswers,
  answerDifference,
  sameAnswer,
  type ExampleAnswer,
} from '../../../src/core/pipeline/answers.ts';
import { ComputeEngine, type ComputeResponse } from '../../../src/core/pipeline/engine.ts';
import { runBaselines } from '../../../src/core/methods/baselines/index.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';

const sim = simulateStudy({
  seed: 5,
  benchmarks: [
    { name: 'a', questions: 200, guess: 0, mix: { emergent: 2, late: 1, saturated: 1 } },
    { name: 'b', questions: 150, guess: 0.25, mix: { emergent: 1, never: 1 } },
  ],
});

/** A real answer of the engine: COD on one engine, the baselines on another, merged as the page does. */
async function answer(): Promise<ComputeResponse> {
  const engine = () => {
    const e = new ComputeEngine({ runBaselines: async () => runBaselines, yieldNow: async () => {} });
    e.setStudy(sim.study, 1);
    return e;
  };
  const req = { requestId: 1, target: sim.target, params: DEFAULT_PARAMS, benchmark: 'a', baselines: false };
  const [cod, side] = await Promise.all([
    engine().run(req),
    engine().run({ ...req, benchmark: null, baselines: true, cod: false }),
  ]);
  return mergeAnswers(cod, side);
}

/** A copy of `r` with every finite number x at `path` (a predicate on the key path) replaced by f(x). */
function perturb(
  r: ComputeResponse,
  at: (path: string) => boolean,
  f: (x: number) => number,
): ComputeResponse {
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'number') return at(path) && Number.isFinite(v) ? f(v) : v;
    if (ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${path}.${k}`)]));
    return v;
  };
  return walk(r, '') as ComputeResponse;
}

describe('compute answers', () => {
  it('come back from their text bit for bit, typed arrays, NaN, infinities and -0 included', async () => {
    const r = await answer();
    const odd = {
      a: [NaN, Infinity, -Infinity, -0, 0, 5e-324],
      t: new Int32Array([3, -1]),
      f: Float64Array.of(NaN, -0),
    };
    const back = decodeAnswer<{ r: ComputeResponse; odd: typeof odd }>(encodeAnswer({ r, odd }));
    expect(back.r).toEqual(r);
    expect(back.odd.t).toBeInstanceOf(Int32Array);
    expect(back.odd.f).toBeInstanceOf(Float64Array);
    expect(back.odd).toEqual(odd);
    expect(Object.is(back.odd.a[3], -0) && Object.is(back.odd.f[1], -0)).toBe(true);
    expect(r.cod?.benchmarks[0].cod?.labels).toBeInstanceOf(Int32Array);
    expect(JSON.stringify(back.r.cod?.benchmarks[0].cod?.labels)).toBe(
      JSON.stringify(r.cod?.benchmarks[0].cod?.labels),
    );
  });

  it('agree when their numbers differ in the last bits, and not on a shown difference', async () => {
    const r = await answer();
    expect(
      sameAnswer(
        r,
        perturb(
          r,
          () => true,
          (x) => x * (1 + 1e-12),
        ),
      ),
    ).toBe(true);
    expect(sameAnswer(r, { ...r, requestId: 9, timings: { ...r.timings, total: 1e9 } })).toBe(true);
    expect(
      sameAnswer(
        r,
        perturb(
          r,
          (p) => p.endsWith('.predicted'),
          (x) => x + 1e-3,
        ),
      ),
    ).toBe(false);
    expect(sameAnswer(r, { ...r, baselines: r.baselines.slice(1) })).toBe(false);
    expect(sameAnswer(r, { ...r, errors: [{ benchmark: 'a', message: 'x' }] })).toBe(false);
    const labels = Int32Array.from(r.cod?.benchmarks[0].cod?.labels ?? []);
    labels[0] += 1;
    const relabelled = structuredClone(r);
    if (relabelled.cod?.benchmarks[0].cod) relabelled.cod.benchmarks[0].cod.labels = labels;
    expect(sameAnswer(r, relabelled)).toBe(false);
  });

  it('name the first number that differs beyond what the page shows', async () => {
    const r = await answer();
    const moved = structuredClone(r);
    const e2e = moved.baselines.findIndex((b) => b.method === 'e2e-exp');
    const low = moved.baselines[e2e].benchmarks[1].low;
    moved.baselines[e2e].benchmarks[1].low = low * (1 + 5e-5); // below 4 significant digits
    expect(answerDifference(r, moved)).toBeNull();
    moved.baselines[e2e].benchmarks[1].low = low * (1 + 2e-4);
    expect(answerDifference(r, moved)).toBe(
      `answer.baselines[${e2e}].benchmarks[1].low (${low} vs ${low * (1 + 2e-4)})`,
    );
    expect(answerDifference(r, { ...r, errors: [{ benchmark: 'a', message: 'x' }] })).toBe(
      'answer.errors.length',
    );
  });

  it('name the prediction that moved most, in points', async () => {
    const r = await answer();
    const moved = structuredClone(r);
    const e2e = moved.baselines.findIndex((b) => b.method === 'e2e-exp');
    moved.baselines[e2e].benchmarks[1].high += 0.003;
    expect(largestScoreChange(r, r)?.points).toBe(0);
    const change = largestScoreChange(r, moved);
    expect(change?.method).toBe('e2e-exp');
    expect(change?.benchmark).toBe('b');
    expect(change?.points).toBeCloseTo(0.3, 9);
    expect(largestScoreChange(r, { ...r, baselines: r.baselines.slice(1) })).toBeNull();
  });

  it('answer the inputs they were computed for, whatever the order of the parameters', () => {
    const shipped: ExampleAnswer = {
      target: sim.target,
      params: DEFAULT_PARAMS,
      benchmark: 'a',
      response: {} as ComputeResponse,
    };
    const reordered = Object.fromEntries(Object.entries(DEFAULT_PARAMS).reverse()) as typeof DEFAULT_PARAMS;
    const inputs = { target: { ...sim.target }, params: reordered, benchmark: 'a' };
    expect(answersInputs(shipped, inputs)).toBe(true);
    expect(answersInputs(shipped, { ...inputs, benchmark: 'b' })).toBe(false);
    expect(answersInputs(shipped, { ...inputs, params: { ...DEFAULT_PARAMS, quantile: 0.2 } })).toBe(false);
    expect(
      answersInputs(shipped, { ...inputs, target: { ...sim.target, flops: sim.target.flops * 2 } }),
    ).toBe(false);
    expect(answersInputs(shipped, { ...inputs, target: null })).toBe(false);
  });
});
