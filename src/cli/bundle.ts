/**
 * `scalecast bundle <file|dir>... --out DIR [--target <model>] [--target-flops F] [--set k=v]... [--title T]
 * [--app DIR]`: writes a static site that opens straight on the analysis (see src/share/bundle.ts).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findModel, type Study } from '../core/study/study.ts';
import type { PredictParams } from '../core/study/types.ts';
import { APP_FILES, bundleFiles, MANIFEST_FILE } from '../share/bundle.ts';
import { encodeState } from '../share/url.ts';
import {
  defaultView,
  SECTIONS,
  SESSION_VERSION,
  studySize,
  type TargetChoice,
} from '../core/session/schema.ts';
import { encodeSession } from '../core/session/file.ts';
import { SET_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';
import { INPUT_FLAGS, loadStudy, paramsOf, targetFlags } from './load.ts';
import { COMPUTE_NOTATIONS, parseComputeFlag } from './numeric.ts';

export const spec: CommandSpec = {
  name: 'bundle',
  summary: 'write a static site that opens on an analysis, to publish on any static host',
  usage: '<file|folder>... --out <dir> [flags]',
  flags: [
    { name: 'out', kind: 'value', arg: 'dir', help: 'folder to write the site to (new or empty) (required)' },
    ...targetFlags(false),
    SET_FLAG,
    { name: 'title', kind: 'value', arg: 'text', help: 'title of the published page' },
    {
      name: 'app',
      kind: 'value',
      arg: 'dir',
      help: 'a built app (npm run build) to use instead of building one now',
    },
    ...INPUT_FLAGS,
  ],
  notes: [
    COMPUTE_NOTATIONS,
    'The site opens straight on the analysis from any sub-path of any static host; its predictions are those of',
    '`scalecast predict` with the same flags. Every link of the page carries its state.',
  ],
};

/** The checkout holding vite.config.ts, found upwards from this module (src/cli/ or the built dist-cli/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'vite.config.ts'))) {
    const up = dirname(dir);
    if (up === dir)
      throw new Error('cannot find the app sources to build; give a built app with --app <dir>');
    dir = up;
  }
  return dir;
}

/** The published target: a model of the study (with an optional compute override), or a planned run. */
export function bundleTarget(study: Study, name: unknown, flopsText: unknown): TargetChoice | null {
  const flops = typeof flopsText === 'string' ? parseComputeFlag('target-flops', flopsText) : undefined;
  if (typeof name !== 'string' || !name) {
    if (flops !== undefined) throw new UsageError('--target-flops needs --target');
    return null;
  }
  if (findModel(study, name))
    return flops === undefined ? { kind: 'model', name } : { kind: 'model', name, flops };
  if (flops === undefined) {
    throw new UsageError(`"${name}" is not a model of the study; give its compute with --target-flops`);
  }
  return { kind: 'planned', text: String(flopsText) };
}

/** The built app's files (as listed by the build in app-files.json), by path relative to the site root. */
export function readApp(dir: string): Map<string, Uint8Array> {
  const listFile = join(dir, APP_FILES);
  if (!existsSync(listFile))
    throw new Error(`${dir}: not a scalecast build (no ${APP_FILES}); run npm run build`);
  const names = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
  const out = new Map<string, Uint8Array>();
  for (const n of [...names, APP_FILES]) out.set(n, new Uint8Array(readFileSync(join(dir, n))));
  return out;
}

async function buildApp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'scalecast-app-'));
  const root = repoRoot();
  // A computed specifier keeps the CLI's bundler from pulling vite into dist-cli/.
  const vite = 'vite';
  const { build } = (await import(vite)) as typeof import('vite');
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true },
  });
  return dir;
}

export interface BundleInput {
  study: Study;
  params: PredictParams;
  target: TargetChoice | null;
  title: string;
}

/** The session text and settings query of a bundle. */
export function publishedAnalysis(input: BundleInput): { session: string; settings: string } {
  const view = defaultView();
  const session = encodeSession({
    id: 'published',
    name: input.title,
    created: 0,
    updated: 0,
    version: SESSION_VERSION,
    example: false,
    study: input.study,
    params: input.params,
    target: input.target,
    view,
    files: [],
    size: studySize(input.study),
  });
  const settings = encodeState({
    target: input.target,
    benchmark: null,
    open: [...SECTIONS],
    params: input.params,
  });
  return { session, settings };
}

function writeSite(out: string, files: Map<string, Uint8Array>): void {
  if (existsSync(out) && readdirSync(out).length && !existsSync(join(out, MANIFEST_FILE))) {
    throw new Error(`${out}: folder is not empty and holds no bundle; choose an empty or new folder`);
  }
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of files) {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
}

export async function run(args: ParsedArgs): Promise<number> {
  const outFlag = args.flags.out;
  if (typeof outFlag !== 'string' || !outFlag) throw new UsageError('--out <dir> is required');
  const loaded = await loadStudy(args);
  if (!loaded) return 1;
  const input: BundleInput = {
    study: loaded.study,
    params: paramsOf(args),
    target: bundleTarget(loaded.study, args.flags.target, args.flags['target-flops']),
    title:
      typeof args.flags.title === 'string'
        ? args.flags.title
        : `scalecast: ${basename(args.positional[0]).replace(/(\.(models|scores|metrics))?\.[a-z0-9]+$/i, '')}`,
  };
  const appFlag = args.flags.app;
  const appDir = typeof appFlag === 'string' ? resolve(appFlag) : await buildApp();
  try {
    const { session, settings } = publishedAnalysis(input);
    const files = bundleFiles(readApp(appDir), session, input.title, settings);
    const out = resolve(outFlag);
    writeSite(out, files);
    const bytes = [...files.values()].reduce((s, b) => s + b.length, 0);
    process.stdout.write(
      `wrote ${files.size} files (${(bytes / 1048576).toFixed(1)} MB) to ${out}; serve the folder from any static host\n`,
    );
  } finally {
    if (typeof appFlag !== 'string') rmSync(appDir, { recursive: true, force: true });
  }
  return 0;
}
