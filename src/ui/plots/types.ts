/** Prop shapes of the plot components, for callers building their data. Scores in [0,1], compute in FLOPs. */

export interface LegendItem {
  label: string;
  color: string;
}

export interface ScatterPoint {
  x: number;
  y: number;
  color: string;
  /** Handed back by `onselect`; need not be unique. */
  key: number;
  /** Tooltip text. */
  title: string;
  /** Radius multiplier (a binned point's area grows with its count); 1 when absent. */
  size?: number;
}

export interface CurveSeries {
  id: string;
  label: string;
  color: string;
  /** Points; `label` names the point in its tooltip (e.g. the model). */
  points?: { x: number; y: number; label?: string }[];
  /** Draws the points larger, outlined and labelled on the plot (the target). */
  emphasis?: boolean;
  line?: { x: number; y: number }[];
  band?: { x: number; low: number; high: number }[];
  dashed?: boolean;
  /** Line width in px. */
  width?: number;
}

export interface CurveMarker {
  x: number;
  label: string;
}

export interface IntervalRow {
  /** Benchmark. */
  group: string;
  /** Method. */
  label: string;
  value: number;
  low: number;
  high: number;
  color: string;
}

export interface IntervalActual {
  group: string;
  value: number;
}
