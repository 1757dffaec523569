import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import type { BenchmarkPrediction } from '../../../src/core/study/types.ts';
import { predictionsCsv, toCsv } from '../../../src/share/csv.ts';
import { predictionRows } from '../../../src/ui/views/prediction.ts';
import { benchmarkRow, predictionJson } from '../../../src/share/predictions.ts';
import { dataOrigin, runtimeCsp, STATIC_CSP } from '../../../src/share/csp.ts';

function pred(
  benchmark: string,
  method: string,
  predicted: number,
  actual: number | null,
): BenchmarkPrediction {
  return {
    benchmark,
    method,
    status: 'ok',
    predicted,
    low: predicted - 0.05,
    high: predicted + 0.05,
    actual,
    error: actual === null ? null : Math.abs(predicted - actual) * 100,
    warnings: [],
  };
}

describe('CSV exports', () => {
  it('quote separators and quotes, leave numbers exact, and blank what is unknown', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [0.1 + 0.2, NaN],
          [null, 'line\nbreak'],
        ],
      ),
    ).toBe('a,b\n"x,y","say ""hi"""\n0.30000000000000004,\n,"line\nbreak"\n');
  });

  it('defuse text cells a spreadsheet would run as a formula, not negative numbers', () => {
    expect(toCsv(['n'], [['=HYPERLINK("x")'], ['@SUM(A1)'], ['-1.5'], ['+cmd']])).toBe(
      'n\n"\'=HYPERLINK(""x"")"\n\'@SUM(A1)\n-1.5\n\'+cmd\n',
    );
  });

  it('write the prediction table with the fixed header, fractions, COD first then baselines', () => {
    const run = (method: string, benchmarks: BenchmarkPrediction[]) => ({
      target: { name: 't', flops: 1e23 },
      method,
      params: DEFAULT_PARAMS,
      benchmarks,
      warnings: [],
    });
    const cod = run('cod', [pred('b1', 'cod', 0.4, 0.42), pred('b2', 'cod', NaN, null)]);
    const base = [run('e2e-exp', [pred('b2', 'e2e-exp', 0.3, null), pred('b1', 'e2e-exp', 0.35, 0.42)])];
    const csv = predictionsCsv(predictionRows(cod, base));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('benchmark,method,predicted,low,high,actual');
    expect(lines.slice(1)).toEqual([
      `b1,cod,0.4,${0.4 - 0.05},${0.4 + 0.05},0.42`,
      `b1,e2e-exp,0.35,${0.35 - 0.05},${0.35 + 0.05},0.42`,
      'b2,cod,,,,',
      `b2,e2e-exp,0.3,${0.3 - 0.05},${0.3 + 0.05},`,
    ]);
  });

  it('write JSON predictions in the contract of predict --json: a refused benchmark is null with its reason', () => {
    const refused = { ...pred('b', 'cod', NaN, null), warnings: ['no extrapolatable cluster'] };
    expect(benchmarkRow(refused)).toEqual({
      benchmark: 'b',
      status: 'refused',
      predicted: null,
      low: null,
      high: null,
      actual: null,
      error: null,
      reason: 'no extrapolatable cluster',
      subsetRatio: null,
      clusters: [],
      warnings: ['no extrapolatable cluster'],
    });
    const json = predictionJson({
      target: { name: 't', flops: 1e23 },
      method: 'cod',
      params: DEFAULT_PARAMS,
      benchmarks: [pred('a', 'cod', 0.4, 0.42), refused],
      warnings: [],
    });
    expect(json).toMatchObject({ target: 't', targetFlops: 1e23, method: 'cod', status: 'ok' });
    expect(json.benchmarks.map((b) => b.predicted)).toEqual([0.4, null]);
  });
});

describe('Content-Security-Policy', () => {
  it('allows no inline script and no eval', () => {
    const script = STATIC_CSP.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
    expect(STATIC_CSP).not.toMatch(/unsafe-eval|unsafe-inline'[^;]*;?\s*script/);
    expect(STATIC_CSP).toContain("object-src 'none'");
  });

  it('narrows connect-src to the page plus the ?data= origin', () => {
    expect(runtimeCsp('https://a.example/x/')).toBe("connect-src 'self'");
    expect(runtimeCsp('https://a.example/x/?data=study.zip')).toBe("connect-src 'self'");
    expect(runtimeCsp('https://a.example/x/?data=https://b.example:8443/s/study.zip')).toBe(
      "connect-src 'self' https://b.example:8443",
    );
    expect(dataOrigin('https://a.example/?data=javascript:alert(1)')).toBeNull();
    expect(dataOrigin('https://a.example/?data=http://[bad')).toBeNull();
  });
});
