/**
 * Which run each lm-eval samples file belongs to, however the files arrived: a folder drop or pick (paths known),
 * or a flat pick of files (names only). lm-eval writes `results_<ts>.json` and `samples_<task>_<ts>.jsonl` of one
 * run with the same timestamp, in one folder per model.
 */
import { dirname, samplesName, type LmEvalRun } from './lmeval.ts';

/** A results file already read: its folder, timestamp and the model it names. */
export interface RunRef {
  path: string;
  timestamp: string;
  run: LmEvalRun;
}

/** The run of a samples file, or why there is none; `note` says how the match was made when it was a guess. */
export interface SamplesMatch {
  run?: LmEvalRun;
  note?: string;
}

/**
 * Matches a samples file to its results file: same folder and timestamp; else the only model of its folder; else
 * the one results file anywhere with its timestamp (a flat pick). Without results, a flat pick's samples files of
 * one timestamp form one run (named after it, since the files do not name their model); with a folder, the
 * folder names the model (left to the samples importer).
 */
export function matchSamples(samplesPath: string, runs: readonly RunRef[]): SamplesMatch {
  const dir = dirname(samplesPath);
  const ts = samplesName(samplesPath)?.timestamp ?? '';
  const here = runs.filter((r) => dirname(r.path) === dir);
  const sameTs = (list: readonly RunRef[]) => (ts ? list.filter((r) => r.timestamp === ts) : []);
  const distinct = (list: readonly RunRef[]) => new Set(list.map((r) => r.run.model)).size;
  const ambiguous = (list: readonly RunRef[]): SamplesMatch => ({
    note: `${samplesPath}: ${list.length} results files share its timestamp ${ts} with different models; drop the folders instead of the files so each folder names its model`,
  });
  const exact = sameTs(here);
  if (exact.length) return distinct(exact) === 1 ? { run: exact[0].run } : ambiguous(exact);
  if (here.length && distinct(here) === 1) return { run: here[0].run };
  const anywhere = sameTs(runs);
  if (anywhere.length) return distinct(anywhere) === 1 ? { run: anywhere[0].run } : ambiguous(anywhere);
  if (!dir && ts) {
    return {
      run: { model: `lm-eval run ${ts}`, modelSource: 'timestamp', repeats: new Map() },
      note: `${samplesPath}: no results_${ts}.json and no folder name the model, so the samples files of timestamp ${ts} form one model "lm-eval run ${ts}"; add the results file or drop the model's folder to name it`,
    };
  }
  return {};
}
