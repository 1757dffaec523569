/** Number formatting shared by the plots and the sections; every function returns "—" for a non-finite input. */

const DASH = '—';
const FLOP_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y', 'R', 'Q'];
const COUNT_SUFFIXES = ['', 'K', 'M', 'B', 'T'];

/** At most `digits` significant digits, trailing zeros dropped ("3.80" → "3.8", "600" stays). */
function trim(v: number, digits = 3): string {
  return String(Number(v.toPrecision(digits)));
}

/**
 * Splits |v| into a mantissa in [1, 1000) and a power-of-1000 index capped at `maxIndex`, rounding first so
 * 999.96 becomes "1" of the next prefix rather than "1000" of this one.
 */
function engineering(v: number, maxIndex: number, digits: number): [number, number] {
  const abs = Math.abs(v);
  if (abs === 0) return [0, 0];
  let idx = Math.min(maxIndex, Math.max(0, Math.floor(Math.log10(abs) / 3)));
  let mant = Number((abs / 1000 ** idx).toPrecision(digits));
  if (mant >= 1000 && idx < maxIndex) {
    idx += 1;
    mant = Number((abs / 1000 ** idx).toPrecision(digits));
  }
  return [Math.sign(v) * mant, idx];
}

/** Compute in FLOPs with an SI prefix: 1e21 → "1 ZFLOP", 3.8e24 → "3.8 YFLOP", 6e23 → "600 ZFLOP". */
export function formatFlops(f: number): string {
  if (!Number.isFinite(f)) return DASH;
  const [mant, idx] = engineering(f, FLOP_PREFIXES.length - 1, 3);
  return `${trim(mant)} ${FLOP_PREFIXES[idx]}FLOP`;
}

/** Compute in FLOPs as a compact exponent: 1e21 → "1e21", 3.8e24 → "3.8e24", 0 → "0". */
export function formatFlopsExp(f: number): string {
  if (!Number.isFinite(f)) return DASH;
  if (f === 0) return '0';
  const [mant, exp] = f.toExponential(2).split('e');
  return `${trim(Number(mant))}e${Number(exp)}`;
}

/** A count (parameters, tokens, questions) with K/M/B/T: 7e9 → "7B", 1.5e6 → "1.5M", 820 → "820". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return DASH;
  const [mant, idx] = engineering(n, COUNT_SUFFIXES.length - 1, 3);
  return `${trim(mant)}${COUNT_SUFFIXES[idx]}`;
}

/**
 * An integer with thousands separated by commas: 12032 → "12,032" (not toLocaleString: its first call sets up the
 * locale's number formatting, about 0.1 s on the page's first render).
 */
export function formatInteger(n: number): string {
  if (!Number.isFinite(n)) return DASH;
  const digits = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A score in [0,1] as a percentage with `decimals` places: 0.4567 → "45.7%". */
export function formatPct(p: number, decimals = 1): string {
  if (!Number.isFinite(p)) return DASH;
  return `${(p * 100).toFixed(decimals)}%`;
}

/**
 * A score difference (fraction of 1) in percentage points: 0.023 → "2.3 pts". With `signed`, positive values get
 * a "+" so over- and under-prediction read apart.
 */
export function formatPoints(err: number, signed = false, decimals = 1): string {
  if (!Number.isFinite(err)) return DASH;
  const s = (err * 100).toFixed(decimals);
  const clean = Number(s) === 0 ? (0).toFixed(decimals) : s;
  const sign = signed && Number(clean) > 0 ? '+' : '';
  return `${sign}${clean} pts`;
}
