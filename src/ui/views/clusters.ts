/** Which clusters the Clusters plot draws: the largest ones, with the rest summarised in one line. */
import type { ClusterInfo } from '../../core/study/types.ts';

/** A reader follows about this many curves with their bands; more only cover the plot. */
export const DRAWN_CLUSTERS = 12;

export interface ClusterSelection {
  shown: ClusterInfo[];
  /** The clusters not drawn: how many, and how many questions they hold. */
  rest: { clusters: number; questions: number; extrapolatable: number };
}

/** The `limit` largest clusters (all when `all`), in id order, and a summary of the others. */
export function largestClusters(
  clusters: readonly ClusterInfo[],
  limit = DRAWN_CLUSTERS,
  all = false,
): ClusterSelection {
  if (all || clusters.length <= limit) {
    return { shown: [...clusters], rest: { clusters: 0, questions: 0, extrapolatable: 0 } };
  }
  const keep = new Set(
    [...clusters]
      .sort((a, b) => b.size - a.size || a.id - b.id)
      .slice(0, limit)
      .map((c) => c.id),
  );
  const shown = clusters.filter((c) => keep.has(c.id));
  const others = clusters.filter((c) => !keep.has(c.id));
  return {
    shown,
    rest: {
      clusters: others.length,
      questions: others.reduce((s, c) => s + c.size, 0),
      extrapolatable: others.filter((c) => c.cls === 'extrapolatable').length,
    },
  };
}
