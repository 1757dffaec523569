/**
 * What every prediction method is, as plain data: its id, label, colour, whether it gives an interval, what data it
 * needs, and for COD variants the parameters they run with. Light on imports so the page can read labels and colours
 * without loading any numerical code; registry.ts adds how each method runs (the compiler refuses a catalogued
 * baseline without a runner).
 */
import { PAPER_PARAMS } from '../study/params.ts';
import type { PredictParams } from '../study/types.ts';

/** Data a method reads besides the ladder's compute. */
export type MethodNeed = 'question-results' | 'full-scores' | 'loss' | 'domain-losses';

export interface MethodInfo {
  id: string;
  /** COD variants run the staged pipeline; baselines are their own functions; ensembles weigh other methods. */
  kind: 'cod' | 'baseline' | 'ensemble';
  label: string;
  /** Hex colour on the page, colour-blind safe for the methods shown together. */
  colour: string;
  /** True when its predictions come with an interval worth drawing (false: a point, or a floor up to 1). */
  hasInterval: boolean;
  needs: readonly MethodNeed[];
  /** Run by a backtest unless told otherwise. */
  backtest: boolean;
  /** COD variants: the parameters they run with, from the base parameters. */
  variant?: (base: PredictParams) => PredictParams;
}

export const METHOD_CATALOGUE = [
  {
    id: 'default',
    kind: 'ensemble',
    label: 'Default (weighted)',
    colour: '#332288',
    hasInterval: true,
    needs: ['full-scores'],
    backtest: true,
  },
  {
    id: 'cod',
    kind: 'cod',
    label: 'COD',
    colour: '#0072B2',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
    variant: (base: PredictParams) => base,
  },
  {
    id: 'cod-paper',
    kind: 'cod',
    label: 'COD (paper)',
    colour: '#003C5E',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
    variant: () => PAPER_PARAMS,
  },
  {
    id: 'cod-monotone',
    kind: 'cod',
    label: 'COD, isotonic + PCHIP mapping',
    colour: '#4F8FC0',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
    variant: (base: PredictParams) => ({ ...base, mapping: 'monotone' }),
  },
  {
    id: 'cod-logit',
    kind: 'cod',
    label: 'COD, logit-linear mapping',
    colour: '#2A6F97',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
    variant: (base: PredictParams) => ({ ...base, mapping: 'logit' }),
  },
  {
    id: 'cod-spline',
    kind: 'cod',
    label: 'COD, spline mapping',
    colour: '#005A8C',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
    variant: (base: PredictParams) => ({ ...base, mapping: 'spline' }),
  },
  {
    id: 'cod-decomposed',
    kind: 'cod',
    label: 'COD, decomposed',
    colour: '#1B8AC9',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
    variant: (base: PredictParams) => ({ ...base, mapping: 'decomposed' }),
  },
  {
    id: 'cod-noanchor',
    kind: 'cod',
    label: 'COD without anchors',
    colour: '#7FA7C9',
    hasInterval: true,
    needs: ['question-results'],
    backtest: false,
    variant: (base: PredictParams) => ({ ...base, useAnchors: false }),
  },
  {
    id: 'e2e-exp',
    kind: 'baseline',
    label: 'End-to-end (exp)',
    colour: '#E69F00',
    hasInterval: true,
    needs: ['full-scores'],
    backtest: true,
  },
  {
    id: 'e2e-passrate',
    kind: 'baseline',
    label: 'End-to-end (pass rate)',
    colour: '#56B4E9',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
  },
  {
    id: 'e2e-gpt4',
    kind: 'baseline',
    label: 'End-to-end (GPT-4 report)',
    colour: '#8C6D31',
    hasInterval: false,
    needs: ['question-results'],
    backtest: true,
  },
  {
    id: 'e2e-sigmoid',
    kind: 'baseline',
    label: 'End-to-end (sigmoid)',
    colour: '#44AA99',
    hasInterval: true,
    needs: ['full-scores'],
    backtest: true,
  },
  {
    id: 'bnsl',
    kind: 'baseline',
    label: 'BNSL',
    colour: '#009E73',
    hasInterval: true,
    needs: ['full-scores'],
    backtest: true,
  },
  {
    id: 'irt',
    kind: 'baseline',
    label: 'Item response (per question)',
    colour: '#AA4499',
    hasInterval: true,
    needs: ['question-results'],
    backtest: true,
  },
  {
    id: 'loss',
    kind: 'baseline',
    label: 'Loss-intermediate',
    colour: '#CC79A7',
    hasInterval: true,
    needs: ['full-scores', 'loss'],
    backtest: true,
  },
  {
    id: 'flp-m',
    kind: 'baseline',
    label: 'FLP-M',
    colour: '#D55E00',
    hasInterval: true,
    needs: ['full-scores', 'domain-losses'],
    backtest: true,
  },
  {
    id: 'largest',
    kind: 'baseline',
    label: 'Largest ladder model',
    colour: '#999999',
    hasInterval: false,
    needs: ['full-scores'],
    backtest: true,
  },
] as const satisfies readonly MethodInfo[];

export type MethodId = (typeof METHOD_CATALOGUE)[number]['id'];
export type BaselineId = Extract<(typeof METHOD_CATALOGUE)[number], { kind: 'baseline' }>['id'];
export type EnsembleId = Extract<(typeof METHOD_CATALOGUE)[number], { kind: 'ensemble' }>['id'];

const byId = new Map<string, MethodInfo>(METHOD_CATALOGUE.map((m) => [m.id, m]));

/** Every method id: the default, the COD variants, the baselines. */
export const METHOD_IDS: readonly string[] = METHOD_CATALOGUE.map((m) => m.id);
/** The COD variants' ids. */
export const COD_METHOD_IDS: readonly string[] = METHOD_CATALOGUE.filter((m) => m.kind === 'cod').map(
  (m) => m.id,
);
/** The baselines' ids (the paper's comparisons, METHOD.md §8, and the naive 'largest'). */
export const BASELINE_IDS: readonly string[] = METHOD_CATALOGUE.filter((m) => m.kind === 'baseline').map(
  (m) => m.id,
);

/** A method's catalogue entry, or undefined for an unknown id. */
export function methodInfo(id: string): MethodInfo | undefined {
  return byId.get(id);
}

/** A method's label; an unknown id is shown as itself. */
export function methodLabel(id: string): string {
  return byId.get(id)?.label ?? id;
}

/** Throws naming the known methods when an id is not one of them. */
export function checkMethodIds(ids: readonly string[]): void {
  const unknown = ids.filter((m) => !byId.has(m));
  if (unknown.length)
    throw new Error(`unknown method(s) ${unknown.join(', ')}; known: ${METHOD_IDS.join(', ')}`);
}
