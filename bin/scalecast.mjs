#!/usr/bin/env node
// The scalecast CLI, run from its precompiled JavaScript in dist-cli/ (built by `npm ci` through "prepare"). When a
// source is newer than the build (a working copy), it is rebuilt first (~0.2 s); when that cannot be done, the
// TypeScript sources run through tsx.
import { existsSync, statSync } from 'node:fs';

const built = new URL('../dist-cli/cli.mjs', import.meta.url);
let run;
try {
  const { buildCli, newestSource } = await import('../scripts/build-cli.mjs');
  if (!existsSync(built) || statSync(built).mtimeMs < newestSource()) await buildCli();
  run = (await import(built.href)).main;
} catch (e) {
  if (existsSync(built)) throw e;
  const { register } = await import('tsx/esm/api');
  register();
  run = (await import('../src/cli.ts')).main;
}
process.exitCode = await run(process.argv.slice(2));
