import { describe, expect, it } from 'vitest';
import type { Remote } from 'comlink';
import { ComputeClient } from '../../../src/ui/state/compute-client.svelte.ts';
import type { ComputeApi, ComputeRequest, ComputeResponse } from '../../../workers/protocol.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { emptyResponse } from '../../../src/core/pipeline/engine.ts';

const sim = simulateStudy({
  seed: 3,
  benchmarks: [{ name: 'a', questions: 50, guess: 0, mix: { emergent: 1 } }],
});

/**
 * A worker double that records its requests and answers with what `answer` makes of them; with `held`, each answer
 * waits until the test calls `release()`.
 */
function fakeWorker(answer: (req: ComputeRequest) => Partial<ComputeResponse>, held = false) {
  const seen: ComputeRequest[] = [];
  const studies: number[] = [];
  const examples: number[] = [];
  const cancelled: number[] = [];
  const waiting: (() => void)[] = [];
  const api = {
    setStudy: async (_s: unknown, version: number) => void studies.push(version),
    useExample: async (version: number) => void examples.push(version),
    run: async (req: ComputeRequest): Promise<ComputeResponse> => {
      seen.push(req);
      if (held) await new Promise<void>((r) => waiting.push(r));
      return { ...emptyResponse(req.requestId), ...answer(req) };
    },
    cancel: async (id: number) => void cancelled.push(id),
  };
  const release = async () => {
    waiting.splice(0).forEach((r) => r());
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { api: api as unknown as Remote<ComputeApi>, seen, studies, examples, cancelled, release };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

const input = {
  key: 'k1',
  study: sim.study,
  version: 4,
  target: sim.target,
  params: DEFAULT_PARAMS,
  benchmark: 'a',
};

describe('ComputeClient', () => {
  it('runs the baselines in the second worker beside COD and answers with both', async () => {
    const cod = { target: sim.target, method: 'cod', params: DEFAULT_PARAMS, benchmarks: [], warnings: [] };
    const base = { ...cod, method: 'e2e-exp' };
    const first = fakeWorker(() => ({ cod, errors: [{ benchmark: 'a', message: 'from COD' }] }));
    const second = fakeWorker(() => ({
      baselines: [base],
      errors: [{ benchmark: '', message: 'from the baselines' }],
      timings: { features: 0, clustering: 0, prediction: 0, baselines: 7, default: 5, total: 9 },
    }));
    const client = new ComputeClient(first.api, second.api);
    await client.run(input);
    expect([first.studies, second.studies]).toEqual([[4], [4]]);
    expect(first.seen.map((r) => [r.baselines, r.cod ?? true, r.default])).toEqual([[false, true, false]]);
    expect(second.seen.map((r) => [r.baselines, r.cod, r.benchmark, r.default])).toEqual([
      [true, false, null, true],
    ]);
    expect(second.seen[0].requestId).toBe(first.seen[0].requestId);
    expect(client.resultKey).toBe('k1');
    expect(client.result?.cod).toEqual(cod);
    expect(client.result?.baselines).toEqual([base]);
    expect(client.result?.errors.map((e) => e.message)).toEqual(['from COD', 'from the baselines']);
    expect(client.result?.timings).toMatchObject({ baselines: 7, default: 5, total: 9 });
    await client.run({ ...input, key: 'k2' });
    expect(second.studies).toEqual([4]);
  });

  it('fails the request when the baselines worker was superseded, and runs everything in one worker without it', async () => {
    const first = fakeWorker(() => ({}));
    const second = fakeWorker(() => ({ status: 'superseded' }));
    const client = new ComputeClient(first.api, second.api);
    await client.run(input);
    expect(client.result).toBeNull();
    expect([client.errorKey, client.error]).toEqual(['k1', 'stopped (superseded)']);
    const alone = fakeWorker(() => ({}));
    await new ComputeClient(alone.api).run(input);
    expect(alone.seen.map((r) => [r.baselines, r.default])).toEqual([[true, true]]);
  });

  it("publishes COD's part under the request's key before the baselines, and the whole answer only with them", async () => {
    const cod = { target: sim.target, method: 'cod', params: DEFAULT_PARAMS, benchmarks: [], warnings: [] };
    const base = { ...cod, method: 'bnsl' };
    const first = fakeWorker(() => ({ cod }), true);
    const second = fakeWorker(() => ({ baselines: [base] }), true);
    const client = new ComputeClient(first.api, second.api);
    const done = client.run(input);
    await settle();
    expect([client.codResult, client.result]).toEqual([null, null]);
    await first.release();
    expect(client.codKey).toBe('k1');
    expect(client.codResult?.cod).toEqual(cod);
    expect(client.codResult?.baselines).toEqual([]);
    expect([client.resultKey, client.result]).toEqual(['', null]);
    const codPart = client.codResult;
    await second.release();
    await done;
    expect(client.resultKey).toBe('k1');
    expect(client.result?.baselines).toEqual([base]);
    // What shows COD's answer keeps the same object when the rest arrives.
    expect([client.codKey, client.codResult]).toEqual(['k1', codPart]);
  });

  it('drops the COD part of a superseded request, and asks no worker twice for the inputs in flight', async () => {
    const cod = { target: sim.target, method: 'cod', params: DEFAULT_PARAMS, benchmarks: [], warnings: [] };
    const first = fakeWorker(() => ({ cod }), true);
    const second = fakeWorker(() => ({}), true);
    const client = new ComputeClient(first.api, second.api);
    const a = client.run(input);
    expect(client.run(input)).toBe(a);
    await settle();
    expect([first.seen.length, second.seen.length]).toEqual([1, 1]);
    const b = client.run({ ...input, key: 'k2' });
    await settle();
    await first.release();
    await second.release();
    await Promise.all([a, b]);
    expect(first.seen.length).toBe(2);
    expect([client.codKey, client.resultKey]).toEqual(['k2', 'k2']);
    expect(client.result?.requestId).toBe(first.seen[1].requestId);
  });

  it('keeps the answer shown when an input changes and changes back while the other inputs compute', async () => {
    const cod = { target: sim.target, method: 'cod', params: DEFAULT_PARAMS, benchmarks: [], warnings: [] };
    const first = fakeWorker(() => ({ cod }));
    const second = fakeWorker(() => ({}), true);
    const client = new ComputeClient(first.api, second.api);
    const a = client.run(input);
    await settle();
    await second.release();
    await a;
    const answered = client.result;
    expect(client.resultKey).toBe('k1');
    // k2's COD part arrives, its baselines are still computing when the page asks for k1 again.
    const b = client.run({ ...input, key: 'k2' });
    await settle();
    expect(client.codKey).toBe('k2');
    const again = client.run(input);
    const stopped = first.seen[1].requestId;
    expect([first.cancelled, second.cancelled]).toEqual([[stopped], [stopped]]);
    expect(client.progress).toBeNull();
    await second.release();
    await Promise.all([b, again]);
    // k2's late answer does not replace k1's, and nothing was asked of the workers for k1 again.
    expect([client.resultKey, client.result]).toEqual(['k1', answered]);
    expect([first.seen.length, second.seen.length]).toEqual([2, 2]);
    expect(client.error).toBeNull();
    // With nothing in flight, asking for the answered inputs stops nothing.
    await client.run(input);
    expect(first.cancelled).toEqual([stopped]);
  });

  it('has every worker make the example itself instead of receiving it', async () => {
    const first = fakeWorker(() => ({}));
    const second = fakeWorker(() => ({}));
    const client = new ComputeClient(first.api, second.api);
    client.useExample(4);
    await client.run(input);
    expect([first.examples, second.examples]).toEqual([[4], [4]]);
    expect([first.studies, second.studies]).toEqual([[], []]);
    expect(client.resultKey).toBe('k1');
  });

  it('shows an adopted answer at once, then has the workers compute it quietly and shows theirs when they agree', async () => {
    const cod = { target: sim.target, method: 'cod', params: DEFAULT_PARAMS, benchmarks: [], warnings: [] };
    const shipped = { ...emptyResponse(0), cod, baselines: [{ ...cod, method: 'bnsl' }] };
    const first = fakeWorker(() => ({ cod }), true);
    const second = fakeWorker(() => ({ baselines: [{ ...cod, method: 'bnsl' }] }), true);
    const client = new ComputeClient(first.api, second.api);
    client.useExample(4);
    client.adopt(input, shipped);
    expect([client.resultKey, client.result, client.codKey, client.codResult]).toEqual([
      'k1',
      shipped,
      'k1',
      shipped,
    ]);
    expect(first.seen.length + second.seen.length).toBe(0);
    const checked = client.confirm(input, shipped);
    await settle();
    expect(client.progress).toBeNull();
    expect(second.seen.map((r) => [r.cod, r.baselines, r.default])).toEqual([[false, true, true]]);
    await first.release();
    await second.release();
    expect(await checked).toEqual({ check: 'same' });
    // the workers' own answer is shown from then on: what the page computes next matches it to the bit
    expect(client.result).not.toBe(shipped);
    expect(client.result?.baselines).toEqual(shipped.baselines);
    expect(client.error).toBeNull();
  });

  it('replaces an adopted answer the workers disagree with, naming what moved, and yields to a newer request', async () => {
    const prediction = (predicted: number) => ({
      target: sim.target,
      method: 'cod',
      params: DEFAULT_PARAMS,
      benchmarks: [
        {
          benchmark: 'a',
          method: 'cod',
          status: 'ok',
          predicted,
          low: 0.1,
          high: 0.9,
          actual: null,
          error: null,
          warnings: [],
        },
      ],
      warnings: [],
    });
    const shipped = { ...emptyResponse(0), cod: prediction(0.5) } as ComputeResponse;
    const first = fakeWorker(() => ({ cod: prediction(0.52) }) as Partial<ComputeResponse>);
    const second = fakeWorker(() => ({}));
    const client = new ComputeClient(first.api, second.api);
    client.adopt(input, shipped);
    const { check, change } = await client.confirm(input, shipped);
    expect(check).toBe('different');
    expect(change?.method).toBe('cod');
    expect(change?.points).toBeCloseTo(2, 9);
    expect(client.result?.cod?.benchmarks[0].predicted).toBe(0.52);
    expect(client.codResult?.cod?.benchmarks[0].predicted).toBe(0.52);

    const held = fakeWorker(() => ({ cod: prediction(0.7) }) as Partial<ComputeResponse>, true);
    const other = fakeWorker(() => ({}));
    const later = new ComputeClient(held.api, other.api);
    later.adopt(input, shipped);
    const confirming = later.confirm(input, shipped);
    await settle();
    const newer = later.run({ ...input, key: 'k2' });
    await settle();
    await held.release();
    await held.release();
    await newer;
    expect((await confirming).check).toBe('superseded');
    expect(later.resultKey).toBe('k2');
  });
});
