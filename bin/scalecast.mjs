#!/usr/bin/env node
// The scalecast CLI, run from its precompiled JavaScript in dist-cli/ (built by `npm ci` through "prepare"). When a
// file the build read (dist-cli/inputs.json) is newer than the build (a working copy), it is rebuilt first (~0.3 s);
// when that cannot be done, the TypeScript sources run through tsx.
import { existsSync, readFileSync, statSync } from 'node:fs';

const built = new URL('../dist-cli/cli.mjs', import.meta.url);

/** Whether the build is missing or older than a file it read (checking them costs ~3 ms, walking src/ ~15–20). */
function stale() {
  try {
    const time = statSync(built).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('../dist-cli/inputs.json', import.meta.url), 'utf8'));
    return inputs.some((p) => statSync(new URL(`../${p}`, import.meta.url)).mtimeMs > time);
  } catch {
    return true;
  }
}

let run;
try {
  if (stale()) await (await import('../scripts/build-cli.mjs')).buildCli();
  run = (await import(built.href)).main;
} catch (e) {
  if (existsSync(built)) throw e;
  const { register } = await import('tsx/esm/api');
  register();
  run = (await import('../src/cli.ts')).main;
}
process.exitCode = await run(process.argv.slice(2));
