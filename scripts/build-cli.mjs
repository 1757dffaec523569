#!/usr/bin/env node
// Builds the CLI to plain JavaScript in dist-cli/ (run by `npm ci`/`npm install` through "prepare", and by
// bin/scalecast.mjs when a file the build read is newer than it): the CLI and its worker threads, each one bundled ES module,
// so no command transpiles TypeScript at run time. Uses esbuild (installed with tsx); no network.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist-cli');
export const ENTRIES = {
  cli: 'src/cli.ts',
  'predict.worker': 'src/node/predict.worker.ts',
  'meanshift.worker': 'src/node/meanshift.worker.ts',
};

/**
 * The files the build read, relative to the repository (written beside the build): the bundle's inputs, package.json
 * and this script. A new source file can only enter the build through an input that changed to import it.
 */
export const INPUTS_FILE = join(OUT_DIR, 'inputs.json');

/** Bundles every entry into dist-cli/<name>.mjs (built aside, then swapped in whole). */
export async function buildCli() {
  const { build } = await import('esbuild');
  const tmp = `${OUT_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const { metafile } = await build({
    metafile: true,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(root, v)])),
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  const inputs = Object.keys(metafile.inputs).map((p) => relative(root, join(process.cwd(), p)));
  const read = [...inputs, 'package.json', relative(root, fileURLToPath(import.meta.url))];
  writeFileSync(join(tmp, 'inputs.json'), JSON.stringify(read.map((p) => p.split('\\').join('/'))));
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(tmp, OUT_DIR);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  await buildCli();
  console.log(`scalecast: CLI built in dist-cli/ (${Math.round(performance.now() - t0)} ms)`);
}
