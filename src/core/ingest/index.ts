/**
 * importFiles: every supported format in, one Study out. Each file gets a report; a file that fails is reported and
 * skipped while the others still import. Questions are aligned across files by (benchmark, question id).
 */
import { fillCompute } from '../compute/registry.ts';
import { StudyError, emptyStudy, mergeStudies, type Study } from '../study/study.ts';
import { KNOWN_FORMATS, detectByName, detectJson, importerOf, type Format } from './detect.ts';
import { IMPORTERS, type ImportState } from './importers.ts';
import { parseJsonLenient } from './json.ts';
import { fileText } from './lines.ts';
import {
  abortError,
  type FileReport,
  type ImportContext,
  type ImportOptions,
  type ImportResult,
  type InputFile,
  type Part,
} from './types.ts';

export type { FileReport, ImportOptions, ImportResult, InputFile } from './types.ts';
export { IMPORTERS, type Importer, type ImportState } from './importers.ts';
export { KNOWN_FORMATS, detectByName, detectJson, type Format } from './detect.ts';
export { DEFAULT_MC_SIGNAL, GOLD_PROB, type McSignal } from './choices.ts';
export * from './limits.ts';
export * from './numbers.ts';
export { parseCsvRecord, readCsv, type CsvRecord } from './csv.ts';

/** Imports files of any supported format into one study (compute pre-filled by fillCompute). */
export async function importFiles(files: InputFile[], options: ImportOptions = {}): Promise<ImportResult> {
  const total = files.reduce((a, f) => a + f.size, 0);
  let read = 0;
  const ctx: ImportContext = {
    options,
    progress(n) {
      read += n;
      options.onProgress?.(Math.min(read, total), total);
    },
    checkAbort() {
      if (options.signal?.aborted) throw abortError();
    },
    filters: new Set(),
    metrics: new Set(),
  };
  ctx.checkAbort();
  const reports = new Map<InputFile, FileReport>();
  const parts = new Map<InputFile, Part>();
  const formats = new Map<InputFile, Format>();
  const state: ImportState = {
    parsed: new Map(),
    lmEvalRuns: [],
    knownModels: new Map(),
    helmSpecs: new Map(),
  };

  const attempt = async (file: InputFile, work: () => Promise<Part> | Part) => {
    const report = reports.get(file)!;
    try {
      ctx.checkAbort();
      const part = await work();
      parts.set(file, part);
      report.rows = part.rows;
      report.warnings.push(...part.warnings);
      report.models = part.study.models.map((m) => m.name);
      report.benchmarks = [
        ...new Set([
          ...part.study.benchmarks.map((b) => b.name),
          ...part.study.metrics.map((m) => m.benchmark),
        ]),
      ];
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      report.error = describe(e, file.path);
    }
  };

  for (const f of files) {
    const format = f.size === 0 ? 'unknown' : detectByName(f.path);
    formats.set(f, format);
    reports.set(f, { path: f.path, format, warnings: [], rows: 0 });
  }
  // First pass: parse the JSON files whose format their content decides, or that a later phase reads.
  for (const f of files) {
    const report = reports.get(f)!;
    if (f.size === 0) {
      report.error = `${f.path}: empty file (0 bytes)`;
      continue;
    }
    const format = formats.get(f)!;
    if (format === 'ignored') report.warnings.push(`${f.path}: not a data file; skipped`);
    if (format === 'unknown') report.error = `${f.path}: unknown format: expected ${KNOWN_FORMATS}`;
    if (format !== 'json' && !importerOf(format)?.parseFirst) continue;
    await attempt(f, async () => {
      const json = parseJsonLenient(await fileText(f, ctx), f.path);
      state.parsed.set(f, json);
      if (format === 'json') {
        const detected = detectJson(json);
        formats.set(f, detected);
        report.format = detected;
        if (detected === 'unknown')
          throw new StudyError(`unknown JSON content: expected ${KNOWN_FORMATS}`, f.path);
      }
      return { study: emptyStudy(), rows: 0, warnings: [] };
    });
  }
  const byPhase = [...IMPORTERS].sort((a, b) => a.phase - b.phase);
  for (const importer of byPhase) {
    const mine = files.filter((f) => formats.get(f) === importer.format);
    for (const f of mine.filter((x) => !reports.get(x)!.error))
      await attempt(f, () => importer.read(f, ctx, state, reports.get(f)!));
    importer.after?.(mine, reports, state);
  }

  ctx.checkAbort();
  const study = fillCompute(merge(files, parts, reports));
  const warnings = [...study.warnings, ...missingQuestions(study)];
  study.warnings = warnings;
  return {
    study,
    files: files.map((f) => reports.get(f)!),
    warnings,
    choices: { lmEvalFilters: [...ctx.filters], lmEvalMetrics: [...ctx.metrics] },
  };
}

function describe(e: unknown, path: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.includes(path) ? msg : `${path}: ${msg}`;
}

/** Merges per-file parts; when two files clash, the later one is reported and left out. */
function merge(files: InputFile[], parts: Map<InputFile, Part>, reports: Map<InputFile, FileReport>): Study {
  const ordered = files.filter((f) => parts.has(f));
  const all = ordered.map((f) => parts.get(f)!.study);
  try {
    return mergeStudies(all);
  } catch {
    let acc = emptyStudy();
    for (const f of ordered) {
      try {
        acc = mergeStudies([acc, parts.get(f)!.study]);
      } catch (e) {
        const r = reports.get(f)!;
        r.error = `${f.path}: clashes with an earlier file: ${e instanceof Error ? e.message : String(e)}`;
        r.rows = 0;
      }
    }
    return acc;
  }
}

function missingQuestions(study: Study): string[] {
  const out: string[] = [];
  for (const b of study.benchmarks) {
    const nm = b.models.length;
    const nq = b.questions.length;
    for (let m = 0; m < nm; m++) {
      let have = 0;
      for (let q = 0; q < nq; q++) if (!Number.isNaN(b.scores[q * nm + m])) have++;
      if (have < nq)
        out.push(`model "${b.models[m]}" has results for ${have} of ${nq} questions of "${b.name}"; kept`);
    }
  }
  return out;
}
