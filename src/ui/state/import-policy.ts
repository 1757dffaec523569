/**
 * What an import does to the open study: the pending choice between adding files to it and a new session, and
 * removing what one file contributed. Pure functions of plain data, tested in node.
 */
import { withoutData } from '../../core/study/edit.ts';
import type { Study } from '../../core/study/study.ts';
import type { FileEntry } from '../../core/session/schema.ts';

export type ImportChoice = 'add' | 'new';

/** An imported study waiting for the user's choice. */
export interface PendingImport {
  study: Study;
  entries: FileEntry[];
  warnings: string[];
  /** Name of the session it would start. */
  name: string;
}

/**
 * The study without the data one file gave: its models' scores on its benchmarks and their full-set metrics.
 * Cells another listed file also gave are kept; models left with no data at all leave the study.
 */
export function removeFileData(study: Study, entry: FileEntry, files: FileEntry[]): Study {
  const models = new Set(entry.models ?? []);
  const benchmarks = new Set(entry.benchmarks ?? []);
  const others = files.filter((f) => f !== entry && !f.error);
  const alsoElsewhere = (model: string, bench: string) =>
    others.some((f) => f.models?.includes(model) && f.benchmarks?.includes(bench));
  const drop = (model: string, bench: string) =>
    models.has(model) && benchmarks.has(bench) && !alsoElsewhere(model, bench);

  const { benchmarks: kept, metrics } = withoutData(study, drop);
  const hasData = new Set([...kept.flatMap((b) => b.models), ...metrics.map((m) => m.model)]);
  const listedElsewhere = new Set(others.flatMap((f) => f.models ?? []));
  return {
    ...study,
    benchmarks: kept,
    metrics,
    models: study.models.filter(
      (m) => !models.has(m.name) || hasData.has(m.name) || listedElsewhere.has(m.name),
    ),
  };
}
