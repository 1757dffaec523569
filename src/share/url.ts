/**
 * The analysis state in a URL query: target, target compute, benchmark, open sections and every parameter that
 * differs from the product defaults. Parameters are written and read through the parameter registry, so a link
 * carries values only, each one checked; a bad one is named, ignored and reported. No study data goes in a link.
 */
import {
  DEFAULT_PARAMS,
  PARAM_SPECS,
  diffParams,
  formatParamValue,
  parseParamValue,
  type ParamValue,
} from '../core/study/params.ts';
import type { PredictParams } from '../core/study/types.ts';
import { SECTIONS, type SectionId, type TargetChoice } from '../core/session/schema.ts';

/** Everything a link restores. */
export interface SharedState {
  target: TargetChoice | null;
  benchmark: string | null;
  /** Open sections of the notebook. */
  open: SectionId[];
  params: PredictParams;
}

/** Query keys of the state besides the parameters (which use their registry keys). */
export const STATE_KEYS = {
  /** A model of the study. */
  target: 'target',
  /** Compute override of a model target, in FLOPs. */
  flops: 'flops',
  /** A planned run, e.g. "70B on 15T tokens" or "6e23 FLOPs". */
  planned: 'run',
  benchmark: 'bench',
  open: 'open',
} as const;

/** The query key of the data file a page was opened with (kept in every link, not part of the state). */
export const DATA_KEY = 'data';

const PARAM_KEYS = new Set<string>(PARAM_SPECS.map((s) => s.key));
const OWN_KEYS = new Set<string>([...Object.values(STATE_KEYS), DATA_KEY]);
const MAX_TEXT = 200;

/** The state as query pairs (without the leading "?"); only what differs from the defaults is written. */
export function encodeState(state: SharedState): string {
  const q = new URLSearchParams();
  const t = state.target;
  if (t?.kind === 'model') {
    q.set(STATE_KEYS.target, t.name);
    if (t.flops !== undefined) q.set(STATE_KEYS.flops, String(t.flops));
  } else if (t?.kind === 'planned') q.set(STATE_KEYS.planned, t.text);
  if (state.benchmark !== null) q.set(STATE_KEYS.benchmark, state.benchmark);
  const open = SECTIONS.filter((s) => state.open.includes(s));
  if (open.length !== SECTIONS.length) q.set(STATE_KEYS.open, open.join('.'));
  for (const key of diffParams(state.params, DEFAULT_PARAMS)) {
    q.set(key, formatParamValue(key, state.params[key]));
  }
  return q.toString();
}

export interface DecodedState {
  /** The state of the query, or null when the query carries none (then the page keeps its own). */
  state: SharedState | null;
  /** One message per value that was not understood and was ignored. */
  problems: string[];
}

/**
 * Reads a query written by encodeState. Parameters absent from the query take the product defaults (a link is
 * complete, not relative to what the page had). Unknown keys and bad values are named in `problems` and ignored.
 */
export function decodeState(query: string): DecodedState {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const problems: string[] = [];
  let any = false;
  const params: PredictParams = { ...DEFAULT_PARAMS };
  let target: TargetChoice | null = null;
  let benchmark: string | null = null;
  let open: SectionId[] = [...SECTIONS];
  const text = (key: string, value: string): string | null => {
    if (value.length > MAX_TEXT || !value.trim()) {
      problems.push(`${key}: expected a name of at most ${MAX_TEXT} characters; ignored`);
      return null;
    }
    return value;
  };
  for (const [key, value] of q) {
    if (PARAM_KEYS.has(key)) {
      any = true;
      try {
        (params as unknown as Record<string, ParamValue>)[key] = parseParamValue(key, value);
      } catch (e) {
        problems.push(`${(e as Error).message}; ignored`);
      }
    } else if (!OWN_KEYS.has(key)) {
      problems.push(`unknown link parameter "${key}"; ignored`);
    }
  }
  const name = q.get(STATE_KEYS.target);
  const planned = q.get(STATE_KEYS.planned);
  if (name !== null) {
    any = true;
    const n = text(STATE_KEYS.target, name);
    if (n !== null) target = { kind: 'model', name: n };
    const flops = q.get(STATE_KEYS.flops);
    if (flops !== null && target) {
      const f = Number(flops);
      if (flops.trim() !== '' && Number.isFinite(f) && f > 0) target.flops = f;
      else problems.push(`${STATE_KEYS.flops} must be a positive number of FLOPs; got "${flops}"; ignored`);
    }
  } else if (planned !== null) {
    any = true;
    const p = text(STATE_KEYS.planned, planned);
    if (p !== null) target = { kind: 'planned', text: p };
  }
  const bench = q.get(STATE_KEYS.benchmark);
  if (bench !== null) {
    any = true;
    benchmark = text(STATE_KEYS.benchmark, bench);
  }
  const openText = q.get(STATE_KEYS.open);
  if (openText !== null) {
    any = true;
    const names = openText ? openText.split('.') : [];
    const bad = names.filter((s) => !(SECTIONS as readonly string[]).includes(s));
    if (bad.length) {
      problems.push(
        `${STATE_KEYS.open}: unknown section "${bad[0]}" (known: ${SECTIONS.join(', ')}); ignored`,
      );
    } else open = names as SectionId[];
  }
  return { state: any ? { target, benchmark, open, params } : null, problems };
}

/** The query of a URL (without "?"). */
export function queryOf(href: string): string {
  return new URL(href).search.slice(1);
}

/** The `?data=` value of a query, or null. */
export function dataParam(query: string): string | null {
  return new URLSearchParams(query).get(DATA_KEY);
}

/** The page's URL with the state in its query, keeping `data` and the hash. */
export function linkFor(href: string, state: SharedState): string {
  const url = new URL(href);
  const data = url.searchParams.get(DATA_KEY);
  const q = encodeState(state);
  const dataPart = data !== null ? `${DATA_KEY}=${encodeURIComponent(data)}` : '';
  url.search = [dataPart, q].filter(Boolean).join('&');
  return url.toString();
}
