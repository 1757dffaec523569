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

export class Frame {
  /** The figure's measured width in px; 0 until measured (and in jsdom). */
  clientWidth = $state(0);
  hover: Hover | null = $state(null);
  readonly #spec: () => FrameSpec;

  constructor(spec: () => FrameSpec) {
    this.#spec = spec;
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
