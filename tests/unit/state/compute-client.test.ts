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
  const waiting: (() => void)[] = [];
  const api = {
    setStudy: async (_s: unknown, version: number) => void studies.push(version),
    useExample: async (version: number) => void examples.push(version),
    run: async (req: ComputeRequest): Promise<ComputeResponse> => {
      seen.push(req);
      if (held) await new Promise<void>((r) => waiting.push(r));
      return { ...emptyResponse(req.requestId), ...answer(req) };
    },
    cancel: async () => {},
  };
  const release = async () => {
    waiting.splice(0).forEach((r) => r());
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { api: api as unknown as Remote<ComputeApi>, seen, studies, examples, release };
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
  const cod = { target: sim.target, method: 'cod', params: DEFAULT_PARAMS, benchmarks: [], warnings: [] };
  const base = { ...cod, method: 'e2e-exp' };
  const dflt = { ...cod, method: 'default' };
  const codShare = [[cod], [cod]];
  /** The COD worker: COD's part, then COD's share of the default. */
  const codWorker = (held = false) =>
    fakeWorker(
      (r) =>
        r.defaultShare
          ? { defaultShare: codShare, timings: { ...timings, default: 3, total: 3 } }
          : { cod, errors: [{ benchmark: 'a', message: 'from COD' }], timings: { ...timings, total: 4 } },
      held,
    );
  /** The second worker: the baselines and the rest of the default, then the finished default. */
  const sideWorker = (held = false) =>
    fakeWorker(
      (r) =>
        r.defaultGiven
          ? { baselines: [dflt], timings: { ...timings, default: 2, total: 2 } }
          : {
              baselines: [base],
              defaultShare: [[base], [base]],
              errors: [{ benchmark: '', message: 'from the baselines' }],
              timings: { ...timings, baselines: 7, default: 5, total: 9 },
            },
      held,
    );
  const timings = { features: 0, clustering: 0, prediction: 0, baselines: 0, default: 0, total: 0 };

  it('runs the baselines in the second worker beside COD, which lends its share of the default while they are uncached', async () => {
    const first = codWorker();
    const second = sideWorker();
    const client = new ComputeClient(first.api, second.api);
    await client.run(input);
    expect([first.studies, second.studies]).toEqual([[4], [4]]);
    const parts = (w: { seen: ComputeRequest[] }) =>
      w.seen.map((r) => [
        r.cod ?? true,
        r.baselines,
        r.default,
        r.defaultShare,
        !!r.defaultGiven,
        r.benchmark,
      ]);
    expect(parts(first)).toEqual([
      [true, false, false, undefined, false, 'a'],
      [false, false, false, 'cod', false, null],
    ]);
    expect(parts(second)).toEqual([
      [false, true, false, 'rest', false, null],
      [false, false, true, undefined, true, null],
    ]);
    expect(second.seen[1].defaultGiven).toEqual({ share: 'cod', results: codShare });
    expect(new Set([...first.seen, ...second.seen].map((r) => r.requestId)).size).toBe(1);
    expect(client.resultKey).toBe('k1');
    expect(client.result?.cod).toEqual(cod);
    expect(client.result?.baselines).toEqual([dflt, base]);
    expect(client.result?.errors.map((e) => e.message)).toEqual(['from COD', 'from the baselines']);
    expect(client.result?.timings).toMatchObject({ baselines: 7, default: 5 + 2, total: 9 + 2 });
    // With the baselines cached, the second worker runs the whole default beside COD.
    await client.run({ ...input, key: 'k2', params: { ...DEFAULT_PARAMS, minA: 1.2 } });
    expect(second.studies).toEqual([4]);
    expect(parts(first).slice(2)).toEqual([[true, false, false, undefined, false, 'a']]);
    expect(parts(second).slice(2)).toEqual([[false, true, true, undefined, false, null]]);
    // A new target's baselines are not cached: the default is shared again.
    await client.run({ ...input, key: 'k3', target: { ...input.target, flops: 2 * input.target.flops } });
    expect(
      parts(first)
        .slice(3)
        .map((p) => p[3]),
    ).toEqual([undefined, 'cod']);
  });

  it('fails the request when the baselines worker was superseded, and runs everything in one worker without it', async () => {
    const first = codWorker();
    const second = fakeWorker(() => ({ status: 'superseded' }));
    const client = new ComputeClient(first.api, second.api);
    await client.run(input);
    expect(client.result).toBeNull();
    expect([client.errorKey, client.error]).toEqual(['k1', 'stopped (superseded)']);
    expect(second.seen.map((r) => !!r.defaultGiven)).toEqual([false]);
    const alone = fakeWorker(() => ({}));
    await new ComputeClient(alone.api).run(input);
    expect(alone.seen.map((r) => [r.baselines, r.default, r.defaultShare])).toEqual([
      [true, true, undefined],
    ]);
  });

  it("publishes COD's part under the request's key before the rest, and the whole answer only with the default", async () => {
    const first = codWorker(true);
    const second = sideWorker(true);
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
    await first.release();
    expect([client.resultKey, client.result]).toEqual(['', null]);
    await second.release();
    await done;
    expect(client.resultKey).toBe('k1');
    expect(client.result?.baselines).toEqual([dflt, base]);
    // What shows COD's answer keeps the same object when the rest arrives.
    expect([client.codKey, client.codResult]).toEqual(['k1', codPart]);
  });

  it('drops the COD part of a superseded request, and asks no worker twice for the inputs in flight', async () => {
    const first = codWorker(true);
    const second = sideWorker(true);
    const client = new ComputeClient(first.api, second.api);
    const a = client.run(input);
    expect(client.run(input)).toBe(a);
    await settle();
    expect([first.seen.length, second.seen.length]).toEqual([1, 1]);
    const b = client.run({ ...input, key: 'k2' });
    await settle();
    for (let i = 0; i < 3; i++) {
      await first.release();
      await second.release();
    }
    await Promise.all([a, b]);
    // a: COD and the side part only (superseded before its share); b: all four parts.
    expect(first.seen.map((r) => r.requestId)).toEqual([1, 2, 2].map((k) => first.seen[0].requestId + k - 1));
    expect(second.seen.map((r) => !!r.defaultGiven)).toEqual([false, false, true]);
    expect([client.codKey, client.resultKey]).toEqual(['k2', 'k2']);
    expect(client.result?.requestId).toBe(first.seen[1].requestId);
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
});
