import { describe, expect, it } from 'vitest';
import {
  applySettings,
  checkParams,
  CLUSTER_PARAM_KEYS,
  clusterKey,
  DEFAULT_PARAMS,
  diffParams,
  fitKey,
  formatParamValue,
  PAPER_PARAMS,
  PARAM_SPECS,
  paramSpec,
  parseParamValue,
  setHelpText,
  stageParamKeys,
} from '../../src/core/study/params.ts';

describe('parameter registry', () => {
  it('lists every parameter of the defaults exactly once', () => {
    expect(PARAM_SPECS.map((s) => s.key).sort()).toEqual(Object.keys(DEFAULT_PARAMS).sort());
  });

  it('accepts every default and paper value it formats', () => {
    for (const s of PARAM_SPECS) {
      for (const p of [DEFAULT_PARAMS, PAPER_PARAMS]) {
        expect(parseParamValue(s.key, formatParamValue(s.key, p[s.key]))).toBe(p[s.key]);
      }
    }
  });

  it('refuses values out of range, of the wrong type or not among the choices, naming the key', () => {
    expect(() => parseParamValue('quantile', '1e9')).toThrow(/quantile must be a number in \[0\.001, 1\]/);
    expect(() => parseParamValue('minClusterSize', '2.5')).toThrow(/minClusterSize must be an integer/);
    expect(() => parseParamValue('minClusterSize', '0')).toThrow(/minClusterSize/);
    expect(() => parseParamValue('law', 'f9')).toThrow(/law must be one of cod, f1, f2, f3; got "f9"/);
    expect(() => parseParamValue('useAnchors', 'yes')).toThrow(/useAnchors must be true or false/);
    expect(() => parseParamValue('rmse', 'abc')).toThrow(/rmse must be a number/);
    expect(() => parseParamValue('nope', '1')).toThrow(
      /unknown parameter "nope"; known: preset, passRates, clustering/,
    );
    expect(() => paramSpec('toString')).toThrow(/unknown parameter/);
  });

  it('parses the null of upper and numeric choices', () => {
    expect(parseParamValue('upper', 'auto')).toBeNull();
    expect(parseParamValue('upper', '0.4')).toBe(0.4);
    expect(parseParamValue('cLower', '-1')).toBe(-1);
    expect(formatParamValue('upper', null)).toBe('auto');
  });

  it('applies settings in order, with presets', () => {
    const p = applySettings(DEFAULT_PARAMS, ['quantile=0.2', 'preset=paper', 'minA=0.5', 'upper=auto']);
    expect(p).toEqual({ ...PAPER_PARAMS, minA: 0.5 });
    expect(() => applySettings(DEFAULT_PARAMS, ['preset=other'])).toThrow(
      /preset must be one of default, paper/,
    );
    expect(() => applySettings(DEFAULT_PARAMS, ['quantile'])).toThrow(/not of the form key=value/);
  });

  it('diffs parameter sets in registry order', () => {
    expect(diffParams(PAPER_PARAMS)).toEqual(['passRates', 'cLower', 'mapping']);
    expect(diffParams(DEFAULT_PARAMS)).toEqual([]);
    expect(diffParams({ ...DEFAULT_PARAMS, seed: 2 }, DEFAULT_PARAMS)).toEqual(['seed']);
  });

  it('checks untrusted parameter objects', () => {
    expect(checkParams({ quantile: 0.3 })).toEqual({ ...DEFAULT_PARAMS, quantile: 0.3 });
    expect(() => checkParams({ quantile: 1e9 })).toThrow(/quantile/);
    expect(() => checkParams({ mapping: 'cubic' })).toThrow(/mapping must be one of/);
    expect(() => checkParams({ evil: 1 })).toThrow(/unknown parameter "evil"/);
  });

  it('derives cache keys from the stages', () => {
    expect([...CLUSTER_PARAM_KEYS].sort()).toEqual(
      [
        'passRates',
        'clustering',
        'quantile',
        'upper',
        'minClusterSize',
        'seeding',
        'kmeansK',
        'dbscanEps',
        'dbscanMinPts',
        'seed',
      ].sort(),
    );
    expect(stageParamKeys('features')).toEqual(['passRates']);
    expect(stageParamKeys('fit')).toEqual([...CLUSTER_PARAM_KEYS, 'law', 'cLower']);
    const p = DEFAULT_PARAMS;
    expect(clusterKey('a', p)).toBe(clusterKey('a', { ...p, law: 'f1', minA: 3, mapping: 'spline' }));
    expect(fitKey('a', p)).toBe(fitKey('a', { ...p, minA: 3, mapping: 'spline', useAnchors: false }));
    expect(fitKey('a', p)).not.toBe(fitKey('a', { ...p, cLower: -1 }));
    expect(fitKey('a', p)).not.toBe(fitKey('a', { ...p, quantile: 0.2 }));
  });

  it('writes a help line per parameter', () => {
    const help = setHelpText();
    for (const s of PARAM_SPECS) expect(help).toContain(`${s.key}=`);
    expect(help).toContain('preset=default|paper');
  });
});
