#!/usr/bin/env node
// Builds the CLI to plain JavaScript in dist-cli/ (run by `npm ci`/`npm install` through "prepare", and by
// bin/scalecast.mjs when a source is newer than the build): the CLI and its worker thread, each one bundled ES module,
// so no command transpiles TypeScript at run time. Uses esbuild (installed with tsx); no network.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist-cli');
export const ENTRIES = {
  cli: 'src/cli.ts',
  'predict.worker': 'src/node/predict.worker.ts',
  'meanshift.worker': 'src/node/meanshift.worker.ts',
};

/** The newest modification time (ms) of the CLI's sources: src/ and package.json. */
export function newestSource() {
  let newest = statSync(join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}

/** Bundles every entry into dist-cli/<name>.mjs (built aside, then swapped in whole). */
export async function buildCli() {
  const { build } = await import('esbuild');
  const tmp = `${OUT_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
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
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(tmp, OUT_DIR);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  await buildCli();
  console.log(`scalecast: CLI built in dist-cli/ (${Math.round(performance.now() - t0)} ms)`);
}
