/**
 * The reactive state behind PlotFrame.svelte: the measured width, the scales and ticks of a plot's axes, and the
 * tooltip. A plot makes one from a function returning its spec (domains, labels, tick spacing), reads the scales
 * in its script and hands the frame to <PlotFrame>, which measures, draws the axes and shows the tooltip.
 */
import {
  FALLBACK_WIDTH,
  MARGIN,
  makeScale,
  tickCount,
  ticksOf,
  type Margin,
  type NumScale,
  type Tick,
} from './scales.ts';

export interface AxisSpec {
  domain: [number, number];
  label: string;
  log?: boolean;
  /** Extend the domain to round values. */
  nice?: boolean;
  /** Pin off-domain data to the frame (point marks); false where lines are clipped instead. Default true. */
  clamp?: boolean;
  /** Roughly one tick per this many pixels (default 80). */
  spacing?: number;
  /** Label log ticks as FLOPs. */
  flops?: boolean;
  fmt?: (v: number) => string;
  /** Keep integer ticks only (counts). */
  integer?: boolean;
}

export interface FrameSpec {
  height: number;
  margin?: Margin;
  x: AxisSpec;
  /** No y axis: the x axis then draws the grid (e.g. rows of intervals). */
  y?: AxisSpec;
}

/** What the tooltip shows and where (px inside the plot); `index` names the hovered mark for the plot. */
export interface Hover {
  x: number;
  y: number;
  text: string;
  index?: number;
}

function scaleOf(spec: AxisSpec, range: [number, number]): NumScale {
  const s = makeScale(spec.domain, range, spec.log ?? false, spec.clamp ?? true);
  return spec.nice ? s.nice() : s;
}

function ticksFor(scale: NumScale, spec: AxisSpec, lengthPx: number): Tick[] {
  const ticks = ticksOf(scale, tickCount(lengthPx, spec.spacing), {
    log: spec.log,
    flops: spec.flops,
    fmt: spec.fmt,
  });
  return spec.integer ? ticks.filter((t) => Number.isInteger(t.value)) : ticks;
}

/**
 * Frames mounted and not measured yet. Their widths are read together at the next animation frame, with one layout
 * for all of them: a width read right after a plot's DOM is written forces a layout, one per plot, and a plot drawn
 * before its width is known is drawn twice.
 */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state: framesToMeasure is what reacts
const unmeasured = new Set<() => void>();
/** How many frames wait for their width (the page is not ready while one does). */
export const framesToMeasure = $state({ count: 0 });
/**
 * The last width measured for each plot (kind and title): a plot drawn again (its section recomputed) starts from
 * it without waiting for a layout, and its ResizeObserver corrects it after the browser's own layout if it changed.
 */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a hint read once per mount, never rendered from
const lastWidth = new Map<string, number>();

/** Reads the width of every frame waiting for one, then lets them draw. */
export function measureFrames(): void {
  const reads = [...unmeasured];
  unmeasured.clear();
  for (const read of reads) read();
  framesToMeasure.count = 0;
}

const nextFrame = (task: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(task) : queueMicrotask(task);

export class Frame {
  /** The figure's measured width in px; 0 until measured (and in jsdom). */
  clientWidth = $state(0);
  /** False until the first width is read: the axes and marks are drawn from then on. */
  measured = $state(false);
  hover: Hover | null = $state(null);
  readonly #spec: () => FrameSpec;

  constructor(spec: () => FrameSpec) {
    this.#spec = spec;
  }

  /**
   * Attachment of the figure of plot `key`: its width read with the other new frames' (or the width that plot had
   * last time), then followed as it resizes.
   */
  measure(key: string): (el: HTMLElement) => () => void {
    return (el) => {
      const read = () => {
        this.clientWidth = el.clientWidth;
        if (this.clientWidth > 0) lastWidth.set(key, this.clientWidth);
        this.measured = true;
      };
      const hint = lastWidth.get(key);
      if (hint !== undefined && typeof ResizeObserver === 'function') {
        this.clientWidth = hint;
        this.measured = true;
      } else {
        unmeasured.add(read);
        framesToMeasure.count = unmeasured.size;
        if (unmeasured.size === 1) nextFrame(measureFrames);
      }
      const resized =
        typeof ResizeObserver === 'function'
          ? new ResizeObserver(() => {
              if (this.measured) read();
            })
          : null;
      resized?.observe(el);
      return () => {
        resized?.disconnect();
        if (unmeasured.delete(read)) framesToMeasure.count = unmeasured.size;
      };
    };
  }

  readonly spec = $derived.by(() => this.#spec());
  readonly width = $derived(this.clientWidth || FALLBACK_WIDTH);
  readonly height = $derived(this.spec.height);
  readonly margin = $derived(this.spec.margin ?? MARGIN);
  /** Pixel width and height of the plot area inside the margin. */
  readonly innerWidth = $derived(this.width - this.margin.left - this.margin.right);
  readonly innerHeight = $derived(this.height - this.margin.top - this.margin.bottom);
  readonly x: NumScale = $derived(scaleOf(this.spec.x, [this.margin.left, this.width - this.margin.right]));
  readonly y: NumScale = $derived(
    scaleOf(this.spec.y ?? { domain: [0, 1], label: '' }, [
      this.height - this.margin.bottom,
      this.margin.top,
    ]),
  );
  readonly xTicks = $derived(ticksFor(this.x, this.spec.x, this.innerWidth));
  readonly yTicks = $derived(this.spec.y ? ticksFor(this.y, this.spec.y, this.innerHeight) : []);
}
