/** Scale, tick and layout helpers shared by the plot components (pure; no DOM). */
import { extent, format, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { formatFlops } from '../format.ts';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const MARGIN: Margin = { top: 12, right: 16, bottom: 44, left: 56 };

/** Plot width used before the container has been measured (and in jsdom, where clientWidth is 0). */
export const FALLBACK_WIDTH = 640;

export interface Tick {
  value: number;
  /** Pixel position along the axis. */
  pos: number;
  label: string;
}

export type NumScale = ScaleContinuousNumeric<number, number>;

/**
 * Domain covering `values`, padded so marks do not sit on the frame: ×/÷ 10^0.1 for log axes (non-positive
 * values ignored), 4% of the span for linear ones. Falls back to [1, 10] or [0, 1] when nothing is plottable.
 */
export function autoDomain(values: Iterable<number>, log: boolean): [number, number] {
  const ok = [...values].filter((v) => Number.isFinite(v) && (!log || v > 0));
  const [lo, hi] = extent(ok);
  if (lo === undefined || hi === undefined) return log ? [1, 10] : [0, 1];
  if (log) {
    const pad = 10 ** 0.1;
    return [lo / pad, hi * pad];
  }
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - 0.04 * span, hi + 0.04 * span];
}

/**
 * A log or linear scale over `domain` mapped onto `range`; `clamp` pins off-domain data to the frame (for point
 * marks — lines are clipped instead, so their slopes stay true).
 */
export function makeScale(
  domain: [number, number],
  range: [number, number],
  log = false,
  clamp = true,
): NumScale {
  const s = log ? scaleLog().domain(domain) : scaleLinear().domain(domain);
  return s.range(range).clamp(clamp);
}

/**
 * Ticks of `scale`. Log axes keep only powers of ten (or every decade step when there are many) labelled with
 * formatFlops when `flops` is set; linear axes use d3's nice ticks with `fmt` or d3's default format.
 */
export function ticksOf(
  scale: NumScale,
  count: number,
  opts: { log?: boolean; flops?: boolean; fmt?: (v: number) => string } = {},
): Tick[] {
  if (opts.log) {
    const [d0, d1] = scale.domain();
    const lo = Math.ceil(Math.log10(Math.min(d0, d1)) - 1e-9);
    const hi = Math.floor(Math.log10(Math.max(d0, d1)) + 1e-9);
    const decades = hi - lo + 1;
    let step = Math.max(1, Math.ceil(decades / Math.max(1, count)));
    let start = lo;
    if (opts.flops && step > 1) {
      // Thin out on SI-prefix boundaries (1 EFLOP, 1 ZFLOP, 1 YFLOP) rather than on odd decades.
      step = 3 * Math.ceil(step / 3);
      start = 3 * Math.ceil(lo / 3);
    }
    const out: Tick[] = [];
    for (let e = start; e <= hi; e += step) {
      const v = 10 ** e;
      out.push({
        value: v,
        pos: scale(v),
        label: opts.flops ? formatFlops(v) : (opts.fmt ?? format('.0e'))(v),
      });
    }
    if (out.length >= 2) return out;
    // Less than a decade: fall back to d3's log sub-ticks.
    return scale
      .ticks(count)
      .slice(0, count + 1)
      .map((v) => ({
        value: v,
        pos: scale(v),
        label: opts.flops ? formatFlops(v) : (opts.fmt ?? format('.2~s'))(v),
      }));
  }
  const fmt = opts.fmt ?? scale.tickFormat(count, '~');
  return scale.ticks(count).map((v) => ({ value: v, pos: scale(v), label: fmt(v) }));
}

/** Roughly one tick per `px` pixels, at least 2. */
export function tickCount(lengthPx: number, px = 80): number {
  return Math.max(2, Math.floor(lengthPx / px));
}

/** Index of the item nearest to (px, py) in pixels, or -1 when none is within `radius` pixels. Linear scan. */
export function nearest(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  px: number,
  py: number,
  radius: number,
): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - px;
    const dy = ys[i] - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Generic number label for tooltips: 3 significant digits, no trailing zeros. */
export const fmtNum = format('.3~r');
