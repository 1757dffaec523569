import { describe, expect, it } from 'vitest';
import type { Remote } from 'comlink';
import { ComputeClient } from '../../../src/ui/state/compute-client.svelte.ts';
import { ShippedAnswer } from '../../../src/ui/state/example-answer.svelte.ts';
import type { ComputeApi, ComputeRequest, ComputeResponse } from '../../../workers/protocol.ts';
import { emptyResponse } from '../../../src/core/pipeline/engine.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';

const sim = simulateStudy({
  seed: 3,
  benchmarks: [{ name: 'a', questions: 40, guess: 0, mix: { emergent: 1 } }],
});
const cod = (predicted: number) => ({
  target: sim.target,
  method: 'cod',
  params: DEFAULT_PARAMS,
  benchmarks: [
    {
      benchmark: 'a',
      method: 'cod',
      status: 'ok' as const,
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

/** Two workers that answer COD's half with `predicted` and nothing else. */
function client(predicted: number) {
  const seen: ComputeRequest[] = [];
  const worker = (answer: (r: ComputeRequest) => Partial<ComputeResponse>) =>
    ({
      setStudy: async () => {},
      useExample: async () => {},
      run: async (req: ComputeRequest) => {
        seen.push(req);
        return { ...emptyResponse(req.requestId), ...answer(req) };
      },
      cancel: async () => {},
    }) as unknown as Remote<ComputeApi>;
  return {
    seen,
    compute: new ComputeClient(
      worker(() => ({ cod: cod(predicted) })),
      worker(() => ({})),
    ),
  };
}

const input = {
  key: 'k1',
  study: sim.study,
  version: 1,
  target: sim.target,
  params: DEFAULT_PARAMS,
  benchmark: 'a',
};
const answer = {
  target: sim.target,
  params: DEFAULT_PARAMS,
  benchmark: 'a',
  response: { ...emptyResponse(0), cod: cod(0.5) },
};
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('the shipped example answer', () => {
  it('is shown at once for its own inputs only, and the workers check it once the page is idle', async () => {
    const { compute, seen } = client(0.5);
    const shipped = new ShippedAnswer();
    const tasks: (() => void)[] = [];
    expect(shipped.show(compute, input, { ...answer, benchmark: 'b' }, (t) => tasks.push(t))).toBe(false);
    expect([compute.result, tasks.length]).toEqual([null, 0]);

    expect(shipped.show(compute, input, answer, (t) => tasks.push(t))).toBe(true);
    expect(compute.result).toBe(answer.response);
    expect(shipped.shows('k1', compute.result)).toBe(true);
    expect(shipped.shows('k2', compute.result)).toBe(false);
    expect([shipped.check, seen.length]).toEqual(['pending', 0]);

    tasks.splice(0).forEach((t) => t());
    await flush();
    expect(seen.length).toBe(2);
    expect(shipped.check).toBe('same');
    expect(compute.result).not.toBe(answer.response);
    expect(shipped.shows('k1', compute.result)).toBe(true);
  });

  it('names the largest move when the workers disagree, and shows their answer', async () => {
    const { compute } = client(0.53);
    const shipped = new ShippedAnswer();
    shipped.show(compute, input, answer, (t) => t());
    await flush();
    expect(shipped.check).toBe('different');
    expect(shipped.change?.method).toBe('cod');
    expect(shipped.change?.points).toBeCloseTo(3, 9);
    expect(compute.result?.cod?.benchmarks[0].predicted).toBe(0.53);
    expect(shipped.shows('k1', compute.result)).toBe(true);
  });
});
