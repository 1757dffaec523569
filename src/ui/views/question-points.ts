/**
 * The Difficulty plot's points: one per question, coloured by its cluster's class. A page may hold 100,000 of them,
 * so each point is a small object whose tooltip text is made only when read, by one shared describer.
 */
import type { DifficultyView } from '../../core/pipeline/difficulty.ts';
import type { ClusterInfo } from '../../core/study/types.ts';
import { CLASS_COLORS, clusterColor } from '../palette.ts';
import { formatFlops, formatPct } from '../format.ts';
import type { ScatterPoint } from '../plots/types.ts';

/** What the points of one plot share: the view, the cluster labels and the question ids. */
interface PlotContext {
  view: DifficultyView;
  /** Cluster label per benchmark question (−2 zero performance, −3 missing, other negatives outliers). */
  labels: ArrayLike<number> | undefined;
  clusters: Map<number, ClusterInfo>;
  names: readonly string[];
}

function labelOf(ctx: PlotContext, i: number): { label: number; zero: boolean; c: ClusterInfo | undefined } {
  const label = ctx.labels ? ctx.labels[ctx.view.rows[i]] : -1;
  return { label, zero: ctx.view.zero[i] === 1, c: ctx.clusters.get(label) };
}

/** A question's colour: its extrapolatable cluster's own, else its class's. */
function colorOf(label: number, zero: boolean, c: ClusterInfo | undefined): string {
  if (zero || label === -2) return CLASS_COLORS.zero;
  if (label === -3) return CLASS_COLORS.missing;
  if (label < 0 || !c) return CLASS_COLORS.outlier;
  if (c.cls === 'extrapolatable') return clusterColor(c.id);
  return CLASS_COLORS[c.cls];
}

function whatOf(label: number, zero: boolean, c: ClusterInfo | undefined): string {
  if (zero || label === -2) return 'zero performance';
  if (label === -3) return 'missing results';
  if (label < 0 || !c) return 'outlier';
  return `cluster ${c.id} (${c.cls})`;
}

class QuestionPoint implements ScatterPoint {
  constructor(
    readonly x: number,
    readonly y: number,
    readonly color: string,
    readonly key: number,
    private readonly i: number,
    private readonly ctx: PlotContext,
  ) {}

  get title(): string {
    const { view, names } = this.ctx;
    const { label, zero, c } = labelOf(this.ctx, this.i);
    const ex = view.emergence.x[this.i];
    const reach = Number.isNaN(ex) ? 'never reaches 50%' : `reaches 50% at ${formatFlops(ex)}`;
    return `${names[this.key] ?? this.key}: ${whatOf(label, zero, c)}; ${reach}; top ladder ${formatPct(view.emergence.y[this.i])}`;
  }
}

/**
 * One point per question of `view`: at (compute where it first passes 50%, top-ladder pass rate), questions that
 * never pass at `never` FLOPs; or at its two principal components when `pca`. Keys are benchmark question indices.
 */
export function questionPoints(ctx: PlotContext, pca: boolean, never: number): ScatterPoint[] {
  const { view } = ctx;
  const pts: ScatterPoint[] = new Array(view.rows.length);
  for (let i = 0; i < view.rows.length; i++) {
    const { label, zero, c } = labelOf(ctx, i);
    const ex = view.emergence.x[i];
    pts[i] = new QuestionPoint(
      pca ? view.pca.x[i] : Number.isNaN(ex) ? never : ex,
      pca ? view.pca.y[i] : view.emergence.y[i],
      colorOf(label, zero, c),
      view.rows[i],
      i,
      ctx,
    );
  }
  return pts;
}
