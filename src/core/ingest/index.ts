/**
 * importFiles: every supported format in, one Study out. Each file gets a report; a file that fails is reported and
 * skipped while the others still import. Questions are aligned across files by (benchmark, question id).
 */
import { fillCompute } from '../compute/compute.ts';
import { StudyError, emptyStudy, mergeStudies, type Study } from '../study/study.ts';
import { canonicalKind, importMetrics, importModels, importScores } from './canonical.ts';
import { KNOWN_FORMATS, detectByName, detectJson, type Format } from './detect.ts';
import { importHelm } from './helm.ts';
import { importInspectEval, importInspectJson } from './inspect.ts';
import { parseJsonLenient } from './json.ts';
import { fileText } from './lines.ts';
import { dirname, importResults, importSamples, resultsTimestamp } from './lmeval.ts';
import { matchSamples, type RunRef } from './lmeval-tree.ts';
import { importOpenCompass } from './opencompass.ts';
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
  const parsed = new Map<InputFile, unknown>();

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
  for (const f of files) {
    const report = reports.get(f)!;
    if (f.size === 0) {
      report.error = `${f.path}: empty file (0 bytes)`;
      continue;
    }
    const format = formats.get(f)!;
    if (format === 'ignored') report.warnings.push(`${f.path}: not a data file; skipped`);
    if (format === 'unknown') report.error = `${f.path}: unknown format: expected ${KNOWN_FORMATS}`;
    if (format !== 'json' && format !== 'helm' && format !== 'helm-run-spec') continue;
    await attempt(f, async () => {
      const json = parseJsonLenient(await fileText(f, ctx), f.path);
      parsed.set(f, json);
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
  const byFormat = (fmt: Format) => files.filter((f) => formats.get(f) === fmt && !reports.get(f)!.error);

  // lm-eval results first: samples files borrow their model name and size.
  const runs: RunRef[] = [];
  for (const f of byFormat('lm-eval-results')) {
    await attempt(f, () => {
      const part = importResults(parsed.get(f) as Record<string, unknown>, f, ctx);
      runs.push({ path: f.path, timestamp: resultsTimestamp(f.path), run: part.run });
      return part;
    });
  }
  for (const f of byFormat('lm-eval-samples')) {
    const match = matchSamples(f.path, runs);
    if (match.note) reports.get(f)!.warnings.push(match.note);
    await attempt(f, () => importSamples(f, ctx, match.run));
  }

  const known = new Map<string, Set<string>>();
  for (const f of byFormat('canonical-models')) {
    await attempt(f, async () => {
      const part = await importModels(f, ctx);
      known.set(canonicalKind(f.path)!.name, new Set(part.study.models.map((m) => m.name)));
      return part;
    });
  }
  for (const f of files.filter((x) => formats.get(x) === 'canonical-models' && reports.get(x)!.error)) {
    known.set(canonicalKind(f.path)!.name, new Set());
  }
  for (const f of byFormat('canonical-scores'))
    await attempt(f, () => importScores(f, ctx, known.get(canonicalKind(f.path)!.name)));
  for (const f of byFormat('canonical-metrics'))
    await attempt(f, () => importMetrics(f, ctx, known.get(canonicalKind(f.path)!.name)));

  for (const f of byFormat('inspect-eval')) {
    await attempt(f, async () => {
      const bytes = await f.bytes();
      ctx.progress(bytes.byteLength);
      return importInspectEval(bytes, f.path);
    });
  }
  for (const f of byFormat('inspect-json')) await attempt(f, () => importInspectJson(parsed.get(f), f.path));
  for (const f of byFormat('opencompass')) await attempt(f, () => importOpenCompass(parsed.get(f), f.path));
  const specs = new Map(
    byFormat('helm-run-spec')
      .filter((f) => /(?:^|\/)run_spec\.json$/.test(f.path))
      .map((f) => [dirname(f.path), parsed.get(f)]),
  );
  for (const f of byFormat('helm'))
    await attempt(f, () => importHelm(parsed.get(f), f.path, specs.get(dirname(f.path))));

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
