/**
 * Compute notation: counts ("7B", "1.8T"), compute ("6e23 FLOPs") and training runs ("70B on 15T tokens"). Every
 * compute field of the page and the CLI reads its text with parseComputeEntry, so they all accept the same forms.
 */
import { sixND } from '../study/study.ts';

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12, p: 1e15 };
const QUANTITY =
  /^\s*([+]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgtp]|thousand|million|billion|trillion)?\s*(flops?|tokens?|params?|parameters?)?\s*$/i;
const WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/**
 * Reads a count written the way people write model sizes: "7B" → 7e9, "1.8T", "70b", "125M", "6e23 FLOPs",
 * "15T tokens", "3.8e24", "1,000". B/G = 1e9, T = 1e12, P = 1e15. Throws an Error saying what was expected.
 */
export function parseQuantity(text: string): number {
  const m = QUANTITY.exec(String(text));
  if (!m) {
    throw new Error(
      `cannot read "${text}" as a count: expected a number with an optional K/M/B/T suffix, e.g. 7B, 1.8T, 6e23 FLOPs`,
    );
  }
  const base = Number(m[1].replace(/[,_]/g, ''));
  const unit = m[2] ? (WORDS[m[2].toLowerCase()] ?? SUFFIX[m[2].toLowerCase()]) : 1;
  const v = base * unit;
  if (!Number.isFinite(v)) throw new Error(`"${text}" is not a finite count`);
  return v;
}

export interface PlannedRun {
  /** Parameters, when given. */
  params?: number;
  /** Training tokens, when given. */
  tokens?: number;
  /** Training compute in FLOPs (given, or 6·params·tokens). */
  flops: number;
}

/**
 * Reads a planned training run: "70B on 15T tokens", "70B params, 15T tokens", "8B x 2T", or a bare compute
 * "6e24 FLOPs". Throws an Error naming the accepted forms otherwise.
 */
export function parsePlannedRun(text: string): PlannedRun {
  const parts = text
    .trim()
    .split(/\s*(?:\bon\b|\bwith\b|\btrained on\b|[,;×*]|\sx\s)\s*/i)
    .filter(Boolean);
  const hint = 'expected "<params> on <tokens>" (e.g. "70B on 15T tokens") or a compute ("6e24 FLOPs")';
  if (parts.length === 1) {
    if (/tokens?|params?|parameters?/i.test(parts[0])) throw new Error(`cannot read "${text}": ${hint}`);
    const flops = parseQuantityOr(parts[0], text, hint);
    if (!/flops?/i.test(parts[0]) && flops < 1e15) {
      throw new Error(
        `"${text}" looks like a model size (a parameter count), not a training compute: write "${text.trim()} on 2T tokens" ` +
          `(parameters on training tokens) or a compute in FLOPs such as "6e23"`,
      );
    }
    return { flops };
  }
  if (parts.length !== 2) throw new Error(`cannot read "${text}": ${hint}`);
  let [p, t] = parts;
  if (/tokens?/i.test(p) || /params?|parameters?/i.test(t)) [p, t] = [t, p];
  const params = parseQuantityOr(p, text, hint);
  const tokens = parseQuantityOr(t, text, hint);
  const flops = sixND(params, tokens);
  if (flops === undefined) throw new Error(`"${text}": parameters and tokens must be positive`);
  return { params, tokens, flops };
}

function parseQuantityOr(part: string, text: string, hint: string): number {
  try {
    return parseQuantity(part);
  } catch {
    throw new Error(`cannot read "${part}" in "${text}": ${hint}`);
  }
}

/** What a compute field holds: FLOPs, and the parameters and tokens when a run was typed. */
export interface ComputeEntry {
  /** Training compute in FLOPs; undefined for an empty field. */
  flops?: number;
  params?: number;
  tokens?: number;
}

/**
 * Reads any compute field: "" (clears it), "3.8e24", "6e23 FLOPs", "70B on 15T tokens". A bare parameter count
 * ("7B") is refused with a hint, since taking it as 7e9 FLOPs would be silently wrong. Throws with the reason.
 */
export function parseComputeEntry(text: string): ComputeEntry {
  if (!text.trim()) return {};
  const run = parsePlannedRun(text);
  if (!(run.flops > 0)) throw new Error(`"${text}": compute must be positive`);
  return run;
}

/** Reads a parameter or token count ("7B", "15T tokens", "1.3e9"); "" clears it. Throws when not a positive count. */
export function parseCount(text: string, what: 'params' | 'tokens'): number | undefined {
  if (!text.trim()) return undefined;
  if (/flops?/i.test(text))
    throw new Error(`"${text}" is a compute; the ${what} field takes a count such as 7B`);
  const n = parseQuantity(text.replace(/\s*(tokens?|params?|parameters?)\s*$/i, ''));
  if (!(n > 0)) throw new Error(`${what} must be a positive count, not "${text}"`);
  return n;
}
