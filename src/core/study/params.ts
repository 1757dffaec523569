/**
 * The parameter registry: one table of every knob of the COD pipeline (type, choices with labels, range, the stage
 * it invalidates, one-line help). Parsing (`--set`, share links), formatting, cache keys, the CLI help text and the
 * page's controls are all derived from it, so a new parameter is one entry here plus its field in `PredictParams`.
 */
import { strictNumber } from '../ingest/numbers.ts';
import type {
  ClusteringAlgorithm,
  MappingKind,
  MeanShiftSeeding,
  PassRateSource,
  PredictParams,
} from './types.ts';

/** Pipeline stages in flow order; a parameter invalidates its own stage and every later one. */
export const PARAM_STAGES = ['features', 'cluster', 'fit', 'classes', 'mapping', 'predict'] as const;
export type ParamStage = (typeof PARAM_STAGES)[number];

export type ParamKey = keyof PredictParams;
export type ParamValue = PredictParams[ParamKey];

export interface ParamChoice {
  value: string | number;
  label: string;
}

export interface ParamSpec {
  key: ParamKey;
  /** Short label for a form field. */
  label: string;
  type: 'number' | 'integer' | 'choice' | 'boolean';
  choices?: readonly ParamChoice[];
  /** Inclusive range and the step of a number field. */
  min?: number;
  max?: number;
  step?: number;
  /** Set when null is allowed: the word that stands for it (e.g. `upper=auto`). */
  nullText?: string;
  /** The first pipeline stage whose result depends on the parameter. */
  stage: ParamStage;
  help: string;
}

type SpecTable = { [K in ParamKey]: Omit<ParamSpec, 'key'> };

/** A label for every clustering algorithm and every mapping (the compiler refuses a missing one), in menu order. */
const CLUSTERING_LABELS: Record<ClusteringAlgorithm, string> = {
  cod: 'Improved MeanShift (COD)',
  meanshift: 'MeanShift',
  kmeans: 'K-means',
  'improved-kmeans': 'Improved K-means',
  dbscan: 'DBSCAN',
};

const MAPPING_LABELS: Record<MappingKind, string> = {
  decomposed: 'decomposed (product)',
  monotone: 'isotonic + PCHIP',
  logit: 'logit-linear',
  spline: 'cubic smoothing spline (paper)',
  quartic: 'quartic (legacy)',
  identity: 'identity',
};

const SEEDING_LABELS: Record<MeanShiftSeeding, string> = {
  auto: 'every point up to 20,000 distinct, grid beyond',
  points: 'every point (scikit-learn default)',
  grid: 'grid (bin_seeding)',
};

/**
 * With passRates `auto`, pass rates from fewer samples than this (the median over the ladder's results) are smoothed.
 * Measured at 1, 10 and 100 samples only (README, Accuracy): the geometric middle of the last two.
 */
export const SMOOTH_BELOW_SAMPLES = 32;

const PASS_RATE_LABELS: Record<PassRateSource, string> = {
  auto: `smoothed when from fewer than ${SMOOTH_BELOW_SAMPLES} samples (product)`,
  raw: 'raw pass rates (paper)',
  irt: 'smoothed by an item-response fit',
};

const choicesOf = (labels: Record<string, string>): ParamChoice[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

const TABLE: SpecTable = {
  passRates: {
    label: 'Difficulty vectors',
    type: 'choice',
    choices: choicesOf(PASS_RATE_LABELS),
    stage: 'features',
    help: 'each question’s ladder pass rates as measured, or its posterior-mean pass rates under an item-response fit of the ladder',
  },
  clustering: {
    label: 'Clustering',
    type: 'choice',
    choices: choicesOf(CLUSTERING_LABELS),
    stage: 'cluster',
    help: 'clustering algorithm of the difficulty vectors',
  },
  quantile: {
    label: 'Bandwidth quantile Q',
    type: 'number',
    min: 0.001,
    max: 1,
    step: 0.01,
    stage: 'cluster',
    help: 'estimate_bandwidth quantile (paper: 0.1)',
  },
  upper: {
    label: 'Upper bound U',
    type: 'number',
    min: 0.001,
    step: 0.01,
    nullText: 'auto',
    stage: 'cluster',
    help: 'MeanShift radius cap; auto = √d/10 with d the number of ladder models',
  },
  minClusterSize: {
    label: 'Min cluster size K',
    type: 'integer',
    min: 1,
    step: 1,
    stage: 'cluster',
    help: 'smaller clusters become outliers',
  },
  seeding: {
    label: 'MeanShift seeds',
    type: 'choice',
    choices: choicesOf(SEEDING_LABELS),
    stage: 'cluster',
    help: 'points: every point, bandwidth on all rows (scikit-learn); grid: bin_seeding, bandwidth on ≤ 10,000 sampled rows; auto: points up to 20,000 distinct rows, grid beyond',
  },
  kmeansK: {
    label: 'k',
    type: 'integer',
    min: 0,
    step: 1,
    stage: 'cluster',
    help: 'clusters of plain K-means; 0 = from the number of questions',
  },
  dbscanEps: {
    label: 'ε',
    type: 'number',
    min: 0.001,
    step: 0.01,
    stage: 'cluster',
    help: 'DBSCAN neighbourhood radius',
  },
  dbscanMinPts: {
    label: 'Min points',
    type: 'integer',
    min: 1,
    step: 1,
    stage: 'cluster',
    help: 'DBSCAN neighbours of a core point',
  },
  seed: {
    label: 'Seed',
    type: 'integer',
    min: 0,
    step: 1,
    stage: 'cluster',
    help: 'seed of every random choice (K-means starts, bootstrap)',
  },
  law: {
    label: 'Law',
    type: 'choice',
    choices: [
      { value: 'cod', label: 'g + (1−g)·exp(−aC^−b − c)' },
      { value: 'f1', label: 'f1: exp(−aC^−b − c)' },
      { value: 'f2', label: 'f2: g + (1−g)·exp(−aC^−b)' },
      { value: 'f3', label: 'f3: exp(−aC^−b)' },
    ],
    stage: 'fit',
    help: 'scaling law fitted to each cluster',
  },
  cLower: {
    label: 'c in the fit',
    type: 'choice',
    choices: [
      { value: 0, label: 'c ≥ 0 (product)' },
      { value: -1, label: 'c free below 0 (paper)' },
    ],
    stage: 'fit',
    help: 'lower bound on c in the fit',
  },
  minA: { label: 'a >', type: 'number', step: 0.1, stage: 'classes', help: 'extrapolatable needs a > this' },
  minB: { label: 'b >', type: 'number', step: 0.01, stage: 'classes', help: 'extrapolatable needs b > this' },
  minC: { label: 'c ≥', type: 'number', step: 0.1, stage: 'classes', help: 'extrapolatable needs c ≥ this' },
  maxC: { label: 'c <', type: 'number', step: 0.1, stage: 'classes', help: 'extrapolatable needs c < this' },
  mapping: {
    label: 'Mapping',
    type: 'choice',
    choices: choicesOf(MAPPING_LABELS),
    stage: 'mapping',
    help: 'subset→full step',
  },
  rmse: {
    label: 'RMSE threshold T',
    type: 'number',
    min: 0.0001,
    max: 1,
    step: 0.001,
    stage: 'mapping',
    help: 'RMSE threshold of the spline mapping’s knot loop',
  },
  useAnchors: {
    label: 'Anchors',
    type: 'boolean',
    stage: 'mapping',
    help: 'add compatible anchor models to the mapping’s points',
  },
};

/** Every parameter, in the order of the pipeline's stages. */
export const PARAM_SPECS: readonly ParamSpec[] = (Object.keys(TABLE) as ParamKey[])
  .map((key) => ({ key, ...TABLE[key] }))
  .sort((a, b) => PARAM_STAGES.indexOf(a.stage) - PARAM_STAGES.indexOf(b.stage));

/** The spec of one parameter; throws naming the known keys for an unknown one. */
export function paramSpec(key: string): ParamSpec {
  const spec = (TABLE as Record<string, Omit<ParamSpec, 'key'>>)[key];
  if (!spec || !Object.hasOwn(TABLE, key))
    throw new Error(`unknown parameter "${key}"; known: preset, ${PARAM_SPECS.map((s) => s.key).join(', ')}`);
  return { key: key as ParamKey, ...spec };
}

/**
 * Product defaults. They differ from the paper where our own backtests (docs/ACCURACY.md) and METHOD.md §13 showed
 * the paper's open choices to lose: c ≥ 0 in the fit, a decomposed prediction instead of the spline mapping, and
 * pass rates from few samples smoothed before clustering.
 */
export const DEFAULT_PARAMS: PredictParams = {
  passRates: 'auto',
  clustering: 'cod',
  quantile: 0.1,
  upper: null,
  minClusterSize: 10,
  seeding: 'auto',
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

/** The paper's pipeline (v4): raw pass rates, c free below 0 in the fit, cubic smoothing spline mapping with RMSE < 0.005. */
export const PAPER_PARAMS: PredictParams = {
  ...DEFAULT_PARAMS,
  passRates: 'raw',
  cLower: -1,
  mapping: 'spline',
};

/** Named parameter sets, for `--set preset=<name>`. */
export const PARAM_PRESETS: Readonly<Record<string, PredictParams>> = {
  default: DEFAULT_PARAMS,
  paper: PAPER_PARAMS,
};

/** The keys whose values a stage's result depends on: the stage's own parameters and every earlier stage's. */
export function stageParamKeys(stage: ParamStage): ParamKey[] {
  const last = PARAM_STAGES.indexOf(stage);
  return PARAM_SPECS.filter((s) => PARAM_STAGES.indexOf(s.stage) <= last).map((s) => s.key);
}

/** Cache key of a stage's result for one benchmark: the benchmark and exactly the parameters the stage reads. */
export function stageKey(stage: ParamStage, benchmark: string, params: PredictParams): string {
  return JSON.stringify([benchmark, ...stageParamKeys(stage).map((k) => params[k])]);
}

/** The parameters the clustering stage depends on; every other parameter reuses a cached clustering. */
export const CLUSTER_PARAM_KEYS: readonly ParamKey[] = stageParamKeys('cluster');

/** Cache key of one benchmark's clustering under the given parameters. */
export function clusterKey(benchmark: string, params: PredictParams): string {
  return stageKey('cluster', benchmark, params);
}

/** Cache key of a clustering's fits: they change with the law and the bound on c, not with thresholds or mapping. */
export function fitKey(benchmark: string, params: PredictParams): string {
  return stageKey('fit', benchmark, params);
}

function expected(spec: ParamSpec): string {
  const orNull = spec.nullText ? ` or "${spec.nullText}"` : '';
  if (spec.type === 'boolean') return 'true or false';
  if (spec.type === 'choice') return `one of ${(spec.choices ?? []).map((c) => c.value).join(', ')}`;
  const range =
    spec.min !== undefined && spec.max !== undefined
      ? ` in [${spec.min}, ${spec.max}]`
      : spec.min !== undefined
        ? ` ≥ ${spec.min}`
        : spec.max !== undefined
          ? ` ≤ ${spec.max}`
          : '';
  return `${spec.type === 'integer' ? 'an integer' : 'a number'}${range}${orNull}`;
}

/**
 * Checks one value against its spec (type, choices, range) and returns it; throws an error naming the key and what
 * was expected. Used for values from files, sessions and links, which are not trusted.
 */
export function checkParamValue(key: string, value: unknown): ParamValue {
  const spec = paramSpec(key);
  const fail = (): never => {
    throw new Error(`${key} must be ${expected(spec)}; got ${JSON.stringify(value)}`);
  };
  if (value === null) return spec.nullText ? null : fail();
  if (spec.type === 'boolean') return typeof value === 'boolean' ? value : fail();
  if (spec.type === 'choice') {
    const choice = spec.choices?.find((c) => c.value === value);
    return choice ? (choice.value as ParamValue) : fail();
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail();
  if (spec.type === 'integer' && !Number.isInteger(value)) fail();
  if (spec.min !== undefined && value < spec.min) fail();
  if (spec.max !== undefined && value > spec.max) fail();
  return value;
}

/** Parses one parameter's text form (`--set`, share links); throws an error naming the key and what was expected. */
export function parseParamValue(key: string, text: string): ParamValue {
  const spec = paramSpec(key);
  const t = text.trim();
  if (spec.nullText && (t === spec.nullText || t === '')) return null;
  if (spec.type === 'boolean') {
    if (t === 'true' || t === 'false') return t === 'true';
    throw new Error(`${key} must be ${expected(spec)}; got "${text}"`);
  }
  if (spec.type === 'choice') {
    const choice = spec.choices?.find((c) => String(c.value) === t);
    if (!choice) throw new Error(`${key} must be ${expected(spec)}; got "${text}"`);
    return choice.value as ParamValue;
  }
  const n = strictNumber(t);
  if (Number.isNaN(n)) throw new Error(`${key} must be ${expected(spec)}; got "${text}"`);
  return checkParamValue(key, n);
}

/** The text form of a value, the inverse of parseParamValue. */
export function formatParamValue(key: string, value: ParamValue): string {
  const spec = paramSpec(key);
  if (value === null) return spec.nullText ?? '';
  return String(value);
}

/** Keys whose values differ between two parameter sets (by default: from the product defaults), in registry order. */
export function diffParams(a: PredictParams, b: PredictParams = DEFAULT_PARAMS): ParamKey[] {
  return PARAM_SPECS.filter((s) => a[s.key] !== b[s.key]).map((s) => s.key);
}

/** A complete parameter set from untrusted partial data (a session, a link): defaults filled in, every value checked. */
export function checkParams(
  data: Partial<Record<string, unknown>>,
  base: PredictParams = DEFAULT_PARAMS,
): PredictParams {
  const out: PredictParams = { ...base };
  for (const [key, value] of Object.entries(data)) {
    (out as unknown as Record<string, ParamValue>)[key] = checkParamValue(key, value);
  }
  return out;
}

/**
 * Applies `key=value` settings (CLI `--set`, share links) to parameters, in order. `preset=<name>` replaces every
 * parameter with a named set. Throws with the key and the expected values when a setting is not understood.
 */
export function applySettings(base: PredictParams, settings: string[]): PredictParams {
  let p: PredictParams = { ...base };
  for (const s of settings) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new Error(`setting "${s}" is not of the form key=value`);
    const key = s.slice(0, eq).trim();
    const value = s.slice(eq + 1).trim();
    if (key === 'preset') {
      const preset = Object.hasOwn(PARAM_PRESETS, value) ? PARAM_PRESETS[value] : undefined;
      if (!preset)
        throw new Error(`preset must be one of ${Object.keys(PARAM_PRESETS).join(', ')}; got "${value}"`);
      p = { ...preset };
    } else {
      (p as unknown as Record<string, ParamValue>)[key] = parseParamValue(key, value);
    }
  }
  return p;
}

/** Help text of `--set`: one line per parameter with its expected values, default and meaning. */
export function setHelpText(): string {
  const lines = [
    `  preset=${Object.keys(PARAM_PRESETS).join('|')}  replaces every parameter with a named set (default: default)`,
  ];
  for (const s of PARAM_SPECS) {
    lines.push(
      `  ${s.key}=…  ${expected(s)} (default ${formatParamValue(s.key, DEFAULT_PARAMS[s.key])}): ${s.help}`,
    );
  }
  return lines.join('\n');
}
