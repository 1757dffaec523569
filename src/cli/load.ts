/** Shared by the CLI commands that read a study: import the files, report what failed, never half-print. */
import {
  DEFAULT_MC_SIGNAL,
  GOLD_PROB,
  importFiles,
  KNOWN_FORMATS,
  type ImportOptions,
} from '../core/ingest/index.ts';
import { applySettings, DEFAULT_PARAMS } from '../core/study/params.ts';
import type { Study } from '../core/study/study.ts';
import type { PredictParams } from '../core/study/types.ts';
import { nodeInputSelection } from '../node/files.ts';
import { UsageError, type FlagSpec, type ParsedArgs } from './args.ts';

/** --target and --target-flops of the commands that predict one target (required by predict and sweep). */
export function targetFlags(required: boolean): FlagSpec[] {
  return [
    {
      name: 'target',
      kind: 'value',
      arg: 'model',
      help: `the model to predict: a model of the study, or a new name with --target-flops${required ? ' (required)' : ''}`,
    },
    {
      name: 'target-flops',
      kind: 'value',
      arg: 'compute',
      help: 'the target’s training compute: "6e23", "3.8e24 FLOPs" or "70B on 15T tokens"',
    },
  ];
}

/** The lm-eval import options every command that reads a study takes. */
export const INPUT_FLAGS: FlagSpec[] = [
  { name: 'filter', kind: 'value', arg: 'name', help: 'lm-eval filter to read (default: the first one)' },
  {
    name: 'metric',
    kind: 'value',
    arg: 'name',
    help: 'lm-eval metric to read (default: acc, exact_match, …)',
  },
  {
    name: 'mc-signal',
    kind: 'value',
    arg: 'gold_prob|metric',
    help:
      `lm-eval multiple-choice samples: score each question by the gold choice's probability (gold_prob) or by ` +
      `the metric (default: ${DEFAULT_MC_SIGNAL}); the full-set score stays the metric`,
  },
];

/** The lm-eval import options of the input flags; a usage error for an unknown --mc-signal. */
export function lmEvalOptions(args: ParsedArgs): NonNullable<ImportOptions['lmEval']> {
  const lmEval: NonNullable<ImportOptions['lmEval']> = {};
  if (typeof args.flags.filter === 'string') lmEval.filter = args.flags.filter;
  if (typeof args.flags.metric === 'string') lmEval.metric = args.flags.metric;
  const signal = args.flags['mc-signal'];
  if (typeof signal === 'string') {
    if (signal !== GOLD_PROB && signal !== 'metric')
      throw new UsageError(`--mc-signal: expected ${GOLD_PROB} or metric, got "${signal}"`);
    lmEval.mcSignal = signal;
  }
  return lmEval;
}

/** Help line of the input files: the importer registry's formats. */
export const FORMATS_NOTE = `Input files and folders: ${KNOWN_FORMATS}.`;

export interface Loaded {
  study: Study;
  warnings: string[];
}

/**
 * Imports the positional paths; prints each file's error to stderr and returns null when any file failed. A usage
 * error when no path is given.
 */
export async function loadStudy(args: ParsedArgs): Promise<Loaded | null> {
  if (!args.positional.length) throw new UsageError('give at least one file or folder to read');
  return readStudy(args.positional, { lmEval: lmEvalOptions(args), strict: true });
}

/**
 * Imports files and folders into one study; every file's error goes to stderr. Strict: a failed file gives null;
 * otherwise the files that did import are kept, and null means no benchmark was read.
 */
export async function readStudy(
  paths: string[],
  options: { lmEval?: ImportOptions['lmEval']; strict?: boolean } = {},
): Promise<Loaded | null> {
  const { files, notes } = await nodeInputSelection(paths);
  for (const n of notes) process.stderr.write(`warning: ${n}\n`);
  const result = await importFiles(files, { lmEval: options.lmEval ?? {} });
  const failed = result.files.filter((f) => f.error);
  for (const f of failed) process.stderr.write(`error: ${f.error}\n`);
  if (options.strict ? failed.length : !result.study.benchmarks.length && !result.study.metrics.length)
    return null;
  return { study: result.study, warnings: [...result.files.flatMap((f) => f.warnings), ...result.warnings] };
}

/** `--set key=value` pairs in the form applySettings takes. */
export function settingsOf(args: ParsedArgs): string[] {
  return Object.entries(args.set).map(([k, v]) => `${k}=${v}`);
}

/** The product defaults with every `--set key=value` applied; a bad setting is a usage error naming --set. */
export function paramsOf(args: ParsedArgs): PredictParams {
  try {
    return applySettings(DEFAULT_PARAMS, settingsOf(args));
  } catch (e) {
    throw new UsageError(`--set: ${(e as Error).message}`);
  }
}
