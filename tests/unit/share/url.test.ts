import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PARAMS,
  PAPER_PARAMS,
  PARAM_SPECS,
  type ParamSpec,
  type ParamValue,
} from '../../../src/core/study/params.ts';
import type { PredictParams } from '../../../src/core/study/types.ts';
import { SECTIONS } from '../../../src/core/session/schema.ts';
import { decodeState, encodeState, linkFor, type SharedState } from '../../../src/share/url.ts';

const base: SharedState = {
  target: { kind: 'model', name: 'pythia-12b-deduped@143000' },
  benchmark: null,
  open: [...SECTIONS],
  params: { ...DEFAULT_PARAMS },
};

/** Values of a parameter other than its default, drawn from its registry spec. */
function otherValues(spec: ParamSpec): fc.Arbitrary<ParamValue> {
  const def = DEFAULT_PARAMS[spec.key];
  if (spec.type === 'boolean') return fc.constant(!def);
  if (spec.type === 'choice') {
    return fc.constantFrom(
      ...(spec.choices ?? []).map((c) => c.value).filter((v) => v !== def),
    ) as fc.Arbitrary<ParamValue>;
  }
  const min = spec.min ?? -1e6;
  const max = spec.max ?? 1e6;
  const n =
    spec.type === 'integer'
      ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 1e6)) })
      : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const values = n.filter((v) => v !== def && !Object.is(v, -0)) as fc.Arbitrary<ParamValue>;
  return spec.nullText && def !== null ? fc.oneof(values, fc.constant(null)) : values;
}

describe('share links', () => {
  it.each(PARAM_SPECS.map((s) => [s.key, s] as const))('round-trip every value of %s', (_key, spec) => {
    fc.assert(
      fc.property(otherValues(spec), (v) => {
        const params = { ...DEFAULT_PARAMS, [spec.key]: v } as PredictParams;
        const query = encodeState({ ...base, params });
        const { state, problems } = decodeState(query);
        expect(problems).toEqual([]);
        expect(state?.params).toEqual(params);
        expect(query).toContain(`${spec.key}=`);
      }),
      { numRuns: 60 },
    );
  });

  it('writes only what differs from the defaults and stays short', () => {
    expect(encodeState(base)).toBe('target=pythia-12b-deduped%40143000');
    const paper = encodeState({
      target: { kind: 'model', name: 'pythia-12b-deduped@143000', flops: 2.1592276992e22 },
      benchmark: 'arith_2shot',
      open: ['data', 'prediction'],
      params: { ...PAPER_PARAMS, quantile: 0.15, minClusterSize: 8, upper: null, useAnchors: false },
    });
    expect(paper.length).toBeLessThanOrEqual(300);
    expect(decodeState(paper).state).toEqual({
      target: { kind: 'model', name: 'pythia-12b-deduped@143000', flops: 2.1592276992e22 },
      benchmark: 'arith_2shot',
      open: ['data', 'prediction'],
      params: { ...PAPER_PARAMS, quantile: 0.15, minClusterSize: 8, useAnchors: false },
    });
  });

  it('round-trips targets, benchmarks and open sections with any text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== ''),
        fc.boolean(),
        fc.option(
          fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''),
          { nil: null },
        ),
        fc.subarray([...SECTIONS]),
        (name, planned, benchmark, open) => {
          const s: SharedState = {
            target: planned ? { kind: 'planned', text: name } : { kind: 'model', name },
            benchmark,
            open,
            params: { ...DEFAULT_PARAMS },
          };
          expect(decodeState(encodeState(s))).toEqual({ state: s, problems: [] });
        },
      ),
    );
  });

  it('names and ignores every bad value, keeping the good ones', () => {
    const { state, problems } = decodeState(
      '?target=m&quantile=abc&minClusterSize=2.5&law=f9&upper=-1&seed=7&open=data.secret&flops=-3&evil=<script>',
    );
    expect(state?.params).toEqual({ ...DEFAULT_PARAMS, seed: 7 });
    expect(state?.target).toEqual({ kind: 'model', name: 'm' });
    expect(state?.open).toEqual([...SECTIONS]);
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/quantile must be a number.*"abc"; ignored/);
    expect(problems.join('\n')).toMatch(/minClusterSize must be an integer/);
    expect(problems.join('\n')).toMatch(/law must be one of cod, f1, f2, f3; got "f9"/);
    expect(problems.join('\n')).toMatch(/upper must be a number ≥ 0.001 or "auto"/);
    expect(problems.join('\n')).toMatch(/open: unknown section "secret"/);
    expect(problems.join('\n')).toMatch(/flops must be a positive number/);
    expect(problems.join('\n')).toMatch(/unknown link parameter "evil"/);
  });

  it('carries no state when the query has none, and refuses over-long names', () => {
    expect(decodeState('')).toEqual({ state: null, problems: [] });
    expect(decodeState('?data=study.zip')).toEqual({ state: null, problems: [] });
    const long = decodeState(`?target=${'x'.repeat(500)}`);
    expect(long.state?.target).toBeNull();
    expect(long.problems[0]).toMatch(/target: expected a name of at most 200 characters/);
  });

  it('keeps the data URL and the hash in a link', () => {
    const link = linkFor('https://h.example/a/b/?data=runs%2Fx.zip&quantile=0.3#prediction', {
      ...base,
      params: { ...DEFAULT_PARAMS, quantile: 0.2 },
    });
    expect(link).toBe(
      'https://h.example/a/b/?data=runs%2Fx.zip&target=pythia-12b-deduped%40143000&quantile=0.2#prediction',
    );
  });
});
