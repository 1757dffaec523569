/**
 * The importer registry: one entry per file format, with how it is recognised (by name, or by parsed JSON content),
 * the phase it runs in (importers that others borrow from run first: lm-eval results before samples, models files
 * before scores and metrics, HELM run specs before per-instance stats) and how it reads a file. importFiles iterates
 * over it; the known-formats text is generated from it. A new format is one entry here.
 */
import { emptyStudy } from '../study/study.ts';
import { canonicalKind, importMetrics, importModels, importScores } from './canonical.ts';
import { importHelm } from './helm.ts';
import { importInspectEval, importInspectJson, isInspectLog } from './inspect.ts';
import { isObject } from './json.ts';
import { dirname, importResults, isLmEvalResults, resultsTimestamp } from './lmeval.ts';
import { importSamples } from './lmeval-samples.ts';
import { matchSamples, type RunRef } from './lmeval-tree.ts';
import { importOpenCompass, isOpenCompass } from './opencompass.ts';
import type { FileReport, ImportContext, InputFile, Part } from './types.ts';

/** What importers of one run hand to later ones: parsed JSON, lm-eval runs, models files' names, HELM specs. */
export interface ImportState {
  parsed: Map<InputFile, unknown>;
  lmEvalRuns: RunRef[];
  /** Model names of each canonical study's models file (empty when the file failed). */
  knownModels: Map<string, Set<string>>;
  helmSpecs: Map<string, unknown>;
}

export interface Importer {
  format: string;
  /** How the known-formats text names this family of files; absent for formats described by a sibling. */
  describe?: string;
  detect: {
    /** Recognises the file by its path (folders kept). */
    name?: (path: string, lower: string) => boolean;
    /** Recognises a parsed JSON file by its content. */
    json?: (json: unknown) => boolean;
  };
  /** Parse as JSON before any importer runs (for content detection, or because a later phase reads it). */
  parseFirst?: boolean;
  /** Lower phases run first. */
  phase: number;
  read(file: InputFile, ctx: ImportContext, state: ImportState, report: FileReport): Promise<Part> | Part;
  /** After every file of this format was read (failed ones carry report.error). */
  after?(files: InputFile[], reports: Map<InputFile, FileReport>, state: ImportState): void;
}

const HELM_AUX =
  /(?:^|\/)(run_spec|scenario|scenario_state|stats|instances|display_predictions|display_requests)\.json$/;
const canonicalName = (f: InputFile) => canonicalKind(f.path)!.name;
const isCanonical = (kind: string) => (path: string) => canonicalKind(path)?.kind === kind;
const nothing = (): Part => ({ study: emptyStudy(), rows: 0, warnings: [] });

export const IMPORTERS: readonly Importer[] = [
  {
    format: 'canonical-models',
    describe: '<name>.models.csv / .scores.csv / .metrics.csv',
    detect: { name: isCanonical('models') },
    phase: 3,
    async read(f, ctx, state) {
      const part = await importModels(f, ctx);
      state.knownModels.set(canonicalName(f), new Set(part.study.models.map((m) => m.name)));
      return part;
    },
    after(files, reports, state) {
      for (const f of files) if (reports.get(f)!.error) state.knownModels.set(canonicalName(f), new Set());
    },
  },
  {
    format: 'canonical-scores',
    detect: { name: isCanonical('scores') },
    phase: 4,
    read: (f, ctx, state) => importScores(f, ctx, state.knownModels.get(canonicalName(f))),
  },
  {
    format: 'canonical-metrics',
    detect: { name: isCanonical('metrics') },
    phase: 5,
    read: (f, ctx, state) => importMetrics(f, ctx, state.knownModels.get(canonicalName(f))),
  },
  {
    format: 'lm-eval-samples',
    describe: 'lm-eval samples_*.jsonl or results*.json',
    detect: { name: (_p, lower) => lower.endsWith('.jsonl') },
    phase: 2,
    read(f, ctx, state, report) {
      const match = matchSamples(f.path, state.lmEvalRuns);
      if (match.note) report.warnings.push(match.note);
      return importSamples(f, ctx, match.run);
    },
  },
  {
    format: 'lm-eval-results',
    detect: { json: isLmEvalResults },
    phase: 1,
    read(f, ctx, state) {
      const part = importResults(state.parsed.get(f) as Record<string, unknown>, f, ctx);
      state.lmEvalRuns.push({ path: f.path, timestamp: resultsTimestamp(f.path), run: part.run });
      return part;
    },
  },
  {
    format: 'inspect-eval',
    describe: 'Inspect .eval or .json logs',
    detect: { name: (_p, lower) => lower.endsWith('.eval') },
    phase: 6,
    async read(f, ctx) {
      const bytes = await f.bytes();
      ctx.progress(bytes.byteLength);
      return importInspectEval(bytes, f.path);
    },
  },
  {
    format: 'inspect-json',
    detect: { json: isInspectLog },
    phase: 7,
    read: (f, _ctx, state) => importInspectJson(state.parsed.get(f), f.path),
  },
  {
    format: 'opencompass',
    describe: 'OpenCompass results/<model>/<dataset>.json',
    detect: { json: isOpenCompass },
    phase: 8,
    read: (f, _ctx, state) => importOpenCompass(state.parsed.get(f), f.path),
  },
  {
    format: 'helm',
    describe: 'HELM per_instance_stats.json',
    detect: {
      name: (_p, lower) => /(?:^|\/)per_instance_stats\.json$/.test(lower),
      json: (json) => Array.isArray(json) && json.length > 0 && isObject(json[0]) && 'instance_id' in json[0],
    },
    parseFirst: true,
    phase: 10,
    read: (f, _ctx, state) => importHelm(state.parsed.get(f), f.path, state.helmSpecs.get(dirname(f.path))),
  },
  {
    format: 'helm-run-spec',
    detect: { name: (_p, lower) => HELM_AUX.test(lower) },
    parseFirst: true,
    phase: 9,
    read(f, _ctx, state) {
      if (/(?:^|\/)run_spec\.json$/.test(f.path)) state.helmSpecs.set(dirname(f.path), state.parsed.get(f));
      return nothing();
    },
  },
];
