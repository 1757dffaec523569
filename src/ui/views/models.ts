/** The models table: one row per model, smallest compute first, and the window of rows drawn when it is long. */
import type { ComputeSource, Role, Study } from '../../core/study/study.ts';

export interface ModelRow {
  name: string;
  role: Role;
  params: number | undefined;
  tokens: number | undefined;
  /** Training compute in FLOPs, when known. */
  flops: number | undefined;
  source: ComputeSource;
  /** Benchmarks with per-question results for the model. */
  benchmarks: number;
}

export const SOURCE_LABELS: Record<ComputeSource, string> = {
  file: 'from the file',
  '6ND': '6·N·D',
  registry: 'registry',
  user: 'edited',
  none: 'unknown',
};

/** Every model of the study, by compute (unknown compute last, then by name). */
export function modelRows(study: Study): ModelRow[] {
  const counts = new Map<string, number>();
  for (const b of study.benchmarks) for (const m of b.models) counts.set(m, (counts.get(m) ?? 0) + 1);
  return study.models
    .map((m) => ({
      name: m.name,
      role: m.role,
      params: m.params,
      tokens: m.tokens,
      flops: m.flops,
      source: m.computeSource,
      benchmarks: counts.get(m.name) ?? 0,
    }))
    .sort((a, b) => (a.flops ?? Infinity) - (b.flops ?? Infinity) || a.name.localeCompare(b.name));
}

/** Rows drawn of a long table: those in view plus `overscan` on each side, and the blank space above and below. */
export function rowWindow(
  count: number,
  rowHeight: number,
  /** Viewport top and height relative to the table body's top, in pixels. */
  viewTop: number,
  viewHeight: number,
  overscan = 20,
): { start: number; end: number; before: number; after: number } {
  const first = Math.floor(Math.max(0, viewTop) / rowHeight);
  const last = Math.ceil(Math.max(0, viewTop + viewHeight) / rowHeight);
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.max(start, Math.min(count, last + overscan));
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}
