/**
 * The multiple-choice reading of one lm-eval sample line: each choice's log-likelihood (`filtered_resps`, one
 * `[logprob, is_greedy]` pair per choice), the gold choice (`target`, as lm-eval itself resolves it) and the gold
 * choice's probability under a softmax over the choices: a graded per-question signal from one greedy run.
 */
import { StudyError } from '../study/study.ts';
import { argmax, softmaxAt } from '../util/softmax.ts';
import { parseJsonLenient } from './json.ts';
import { clip, strictNumber } from './numbers.ts';

/** The per-question metric name of the gold choice's probability. */
export const GOLD_PROB = 'gold_prob';

/** Where a line is, for errors. */
export interface LineRef {
  file: string;
  line: number;
}

const FLAG = new Set(['True', 'False', 'true', 'false']);
const isPair = (x: unknown): x is [unknown, unknown] =>
  Array.isArray(x) &&
  x.length === 2 &&
  (typeof x[1] === 'boolean' || (typeof x[1] === 'string' && FLAG.has(x[1])));

/**
 * True when a parsed `filtered_resps` (or `resps`) value holds at least two `[logprob, is_greedy]` pairs: one
 * log-likelihood request per choice, as lm-eval writes for multiple-choice tasks.
 */
export function isChoiceList(value: unknown): value is [unknown, unknown][] {
  return Array.isArray(value) && value.length >= 2 && value.every(isPair);
}

/**
 * The choices' log-likelihoods (natural log) of a parsed `filtered_resps` value: numbers or number strings (older
 * lm-eval builds write "-3.37"), each finite. Throws naming the file, line and field otherwise.
 */
export function choiceLogLiks(value: unknown, at: LineRef, field = 'filtered_resps'): number[] {
  if (!isChoiceList(value)) {
    throw new StudyError(
      'expected one [log-likelihood, is_greedy] pair per choice, at least two choices (a multiple-choice sample)',
      at.file,
      at.line,
      field,
    );
  }
  return value.map(([ll], i) => {
    const v = typeof ll === 'number' ? ll : typeof ll === 'string' ? strictNumber(ll.trim()) : NaN;
    if (!Number.isFinite(v)) {
      const shown = typeof ll === 'string' ? `"${clip(ll)}"` : String(ll);
      throw new StudyError(
        `expected a finite log-likelihood for choice ${i}, got ${shown}`,
        at.file,
        at.line,
        field,
      );
    }
    return v;
  });
}

/** The gold choice of a line, or why it cannot be told from the log (not an error: some tasks do not say). */
export type Gold = { index: number } | { unknown: string };

/** What goldChoice reads: the raw JSON text of `target`, the choices' continuations (read lazily) and `acc`. */
export interface GoldInputs {
  /** Raw JSON text of the `target` member; undefined when absent. */
  target: string | undefined;
  /** The continuation (`arguments.gen_args_i.arg_1`) of each choice, when the line has them. */
  continuations: () => string[] | undefined;
  /** The line's `acc` (1 when the greedy choice was the gold one), when present. */
  acc: number | undefined;
  /** The choices' log-likelihoods. */
  logLiks: number[];
}

/**
 * The gold choice's index, resolved as lm-eval resolves it: an integer target (or a digit string) is the index and
 * must name one of the choices (else an error naming the field); a text target is the choice whose continuation is
 * that text. When every choice has the same continuation (the choices differ in the context, as in winogrande), the
 * gold follows from `acc`: the greedy choice when acc = 1, the other one of two choices when acc = 0.
 */
export function goldChoice(g: GoldInputs, at: LineRef): Gold {
  const k = g.logLiks.length;
  const raw = g.target?.trim();
  if (raw === undefined) return { unknown: 'the line has no "target"' };
  let value: unknown;
  try {
    value = parseJsonLenient(raw, at.file, at.line);
  } catch {
    return { unknown: 'the "target" is not a JSON value' };
  }
  const asIndex =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (typeof value === 'number' || !Number.isNaN(asIndex)) {
    if (!Number.isInteger(asIndex) || asIndex < 0 || asIndex >= k) {
      throw new StudyError(
        `expected the gold choice's index, an integer in [0, ${k - 1}] for ${k} choices, got ${clip(raw)}`,
        at.file,
        at.line,
        'target',
      );
    }
    return consistent(asIndex, g);
  }
  if (typeof value !== 'string') return { unknown: 'the "target" names several gold choices or none' };
  const conts = g.continuations();
  if (conts && conts.length === k && new Set(conts).size > 1) {
    const hits = conts.flatMap((c, i) =>
      c === value || c === ` ${value}` || c.trim() === value.trim() ? [i] : [],
    );
    if (hits.length) return consistent(hits[0], g);
    return { unknown: `the "target" text is none of the ${k} choices` };
  }
  if (g.acc === 1) return { index: argmax(g.logLiks) };
  if (g.acc === 0 && k === 2) return { index: 1 - argmax(g.logLiks) };
  return {
    unknown: conts
      ? `the choices differ in their context, and with ${k} choices and acc = ${g.acc ?? 'absent'} the gold one cannot be told`
      : 'the "target" is text and the line has no choice continuations (arguments) to find it among',
  };
}

/** The gold index, unless the line's `acc` says the greedy choice was (or was not) gold and it disagrees. */
function consistent(index: number, g: GoldInputs): Gold {
  if (g.acc !== 0 && g.acc !== 1) return { index };
  const greedyIsGold = argmax(g.logLiks) === index;
  if (greedyIsGold === (g.acc === 1)) return { index };
  return {
    unknown: `the "target" (choice ${index}) disagrees with acc = ${g.acc} and the choices' log-likelihoods`,
  };
}

/** The character ranges and raw values of one line that the gold probability needs (from scanJson). */
export interface ChoiceMembers {
  target?: string;
  filteredResps?: [number, number];
  resps?: [number, number];
  args?: [number, number];
}

/**
 * The gold choice's probability of one sample line, or why the line does not give it. `acc` is the line's acc when
 * present. Malformed choices or an out-of-range gold index throw, naming file, line and field.
 */
export function lineGoldProb(
  line: string,
  m: ChoiceMembers,
  acc: number | undefined,
  at: LineRef,
): { value: number } | { unknown: string } {
  const range = m.filteredResps ?? m.resps;
  const field = m.filteredResps ? 'filtered_resps' : 'resps';
  if (!range) return { unknown: 'the line has no "filtered_resps"' };
  let parsed = parseJsonLenient(line.slice(range[0], range[1]), at.file, at.line);
  // `resps` nests one more level (requests × repeats); its first repeat is what the filter keeps.
  if (!m.filteredResps && Array.isArray(parsed)) parsed = parsed.map((r) => (Array.isArray(r) ? r[0] : r));
  const logLiks = choiceLogLiks(parsed, at, field);
  const continuations = () =>
    m.args
      ? continuationsOf(parseJsonLenient(line.slice(m.args[0], m.args[1]), at.file, at.line))
      : undefined;
  const gold = goldChoice({ target: m.target, continuations, acc, logLiks }, at);
  return 'index' in gold ? { value: goldProbability(logLiks, gold.index) } : gold;
}

/** The gold choice's probability: softmax over the choices' log-likelihoods, in (0, 1]. */
export function goldProbability(logLiks: number[], gold: number): number {
  return softmaxAt(logLiks, gold);
}

/** The continuations (`arg_1`) of a parsed `arguments` object, in request order, or undefined. */
export function continuationsOf(args: unknown): string[] | undefined {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const req = (args as Record<string, unknown>)[`gen_args_${i}`];
    if (req === undefined) break;
    const c = typeof req === 'object' && req !== null ? (req as Record<string, unknown>).arg_1 : undefined;
    if (typeof c !== 'string') return undefined;
    out.push(c);
  }
  return out.length ? out : undefined;
}

/**
 * What scores the questions of multiple-choice samples: the gold choice's probability (`gold_prob`) or the chosen
 * per-sample metric (`metric`, e.g. acc).
 */
export type McSignal = typeof GOLD_PROB | 'metric';

/**
 * The signal of multiple-choice samples when the user names neither it nor a metric: the metric, because COD on the
 * gold choice's probability did not beat COD on 0/1 in the measurement of docs/ACCURACY.md ("Graded signals").
 */
export const DEFAULT_MC_SIGNAL: McSignal = 'metric';
