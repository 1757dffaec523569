import type { PredictParams } from './types.ts';

/**
 * Product defaults. They differ from the paper where our own backtests (docs/ACCURACY.md) and METHOD.md §13 showed
 * the paper's open choices to lose: c ≥ 0 in the fit, and a decomposed prediction instead of the spline mapping.
 */
export const DEFAULT_PARAMS: PredictParams = {
  clustering: 'cod',
  quantile: 0.1,
  upper: null,
  minClusterSize: 10,
  kmeansK: 0,
  dbscanEps: 0.15,
  dbscanMinPts: 10,
  minA: 1,
  minB: 0.1,
  minC: 0,
  maxC: 1,
  law: 'cod',
  cLower: 0,
  mapping: 'decomposed',
  rmse: 0.005,
  useAnchors: true,
  seed: 1,
};

/** The paper's pipeline (v4): c free below 0 in the fit, cubic smoothing spline mapping with RMSE < 0.005. */
export const PAPER_PARAMS: PredictParams = { ...DEFAULT_PARAMS, cLower: -1, mapping: 'spline' };

/** The parameters the clustering stage depends on; every other parameter reuses a cached clustering. */
export const CLUSTER_PARAM_KEYS = [
  'clustering',
  'quantile',
  'upper',
  'minClusterSize',
  'kmeansK',
  'dbscanEps',
  'dbscanMinPts',
  'seed',
] as const satisfies readonly (keyof PredictParams)[];

/** Cache key of one benchmark's clustering under the given parameters. */
export function clusterKey(benchmark: string, params: PredictParams): string {
  return JSON.stringify([benchmark, ...CLUSTER_PARAM_KEYS.map((k) => params[k])]);
}

/** Cache key of a clustering's fits: they change with the law and the bound on c, not with thresholds or mapping. */
export function fitKey(benchmark: string, params: PredictParams): string {
  return JSON.stringify([clusterKey(benchmark, params), params.law, params.cLower]);
}

const NUMERIC: (keyof PredictParams)[] = [
  'quantile',
  'minClusterSize',
  'kmeansK',
  'dbscanEps',
  'dbscanMinPts',
  'minA',
  'minB',
  'minC',
  'maxC',
  'cLower',
  'rmse',
  'seed',
];

const CHOICES: Partial<Record<keyof PredictParams, readonly string[]>> = {
  clustering: ['cod', 'meanshift', 'kmeans', 'improved-kmeans', 'dbscan'],
  law: ['cod', 'f1', 'f2', 'f3'],
  mapping: ['decomposed', 'monotone', 'logit', 'spline', 'quartic', 'identity'],
};

/**
 * Applies `key=value` settings (CLI `--set`, share links) to parameters. Accepts `preset=paper|default`, the
 * numeric keys, `upper` (a number or "auto"), `useAnchors` (true/false) and the enumerated choices.
 * Throws with the key and the allowed values when a setting is not understood.
 */
export function applySettings(base: PredictParams, settings: string[]): PredictParams {
  let p: PredictParams = { ...base };
  for (const s of settings) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new Error(`setting "${s}" is not of the form key=value`);
    const key = s.slice(0, eq).trim();
    const value = s.slice(eq + 1).trim();
    if (key === 'preset') {
      if (value === 'paper') p = { ...PAPER_PARAMS };
      else if (value === 'default') p = { ...DEFAULT_PARAMS };
      else throw new Error(`preset must be "paper" or "default", not "${value}"`);
    } else if (key === 'upper') {
      p.upper = value === 'auto' || value === '' ? null : parseNumber(key, value);
    } else if (key === 'useAnchors') {
      if (value !== 'true' && value !== 'false')
        throw new Error(`useAnchors must be true or false, not "${value}"`);
      p.useAnchors = value === 'true';
    } else if (key in CHOICES) {
      const allowed = CHOICES[key as keyof PredictParams] as readonly string[];
      if (!allowed.includes(value))
        throw new Error(`${key} must be one of ${allowed.join(', ')}; got "${value}"`);
      (p as unknown as Record<string, unknown>)[key] = value;
    } else if ((NUMERIC as string[]).includes(key)) {
      (p as unknown as Record<string, unknown>)[key] = parseNumber(key, value);
    } else {
      throw new Error(
        `unknown parameter "${key}"; known: preset, upper, useAnchors, ${Object.keys(CHOICES).join(', ')}, ${NUMERIC.join(', ')}`,
      );
    }
  }
  return p;
}

function parseNumber(key: string, value: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) throw new Error(`${key} must be a number, not "${value}"`);
  return n;
}
