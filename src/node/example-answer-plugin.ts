/**
 * Vite plugin: `virtual:example-answer`, the built-in example's first answer computed by the core the workers run
 * (scripts/example-answer.ts in a node process), so the page shows the example without waiting for its workers.
 * The dev server computes it again whenever a file the answer depends on changes; vitest's module graph gets null.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';

const ID = 'virtual:example-answer';
const RESOLVED = '\0' + ID;

/** What the answer is a function of: the core's sources, the script, the runner and the locked dependencies. */
function inputsDigest(root: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(resolve(root, 'src/core'));
  files.push(
    ...['scripts/example-answer.ts', 'bin/run-ts.mjs', 'package-lock.json'].map((f) => resolve(root, f)),
  );
  const hash = createHash('sha256');
  for (const f of files.sort())
    hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

/** The answer, from node_modules/.cache when the same inputs gave it before (the browser tests build the page often). */
async function cachedAnswer(root: string): Promise<string> {
  const dir = resolve(root, 'node_modules/.cache/scalecast');
  const file = join(dir, `example-answer-${inputsDigest(root)}.txt`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const text = await computeAnswer(root);
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) if (old.startsWith('example-answer-')) rmSync(join(dir, old));
    writeFileSync(file, text);
    return text;
  }
}

function computeAnswer(root: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [resolve(root, 'bin/run-ts.mjs'), resolve(root, 'scripts/example-answer.ts')],
      { cwd: root, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`the example's answer could not be computed: ${stderr || error.message}`));
        else done(stdout);
      },
    );
  });
}

export function exampleAnswerPlugin(): Plugin {
  let root = process.cwd();
  let enabled = true;
  let pending: Promise<string> | null = null;
  return {
    name: 'scalecast-example-answer',
    configResolved(config) {
      root = config.root;
      // vitest's own module graph (unit and component tests) has no use for it; the builds browser tests make do
      enabled = config.mode !== 'test';
    },
    resolveId(id) {
      return id === ID ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      if (!enabled) return 'export default null;';
      pending ??= cachedAnswer(root);
      return `export default ${JSON.stringify(await pending)};`;
    },
    configureServer(server) {
      server.watcher.on('change', (file) => {
        if (!/[\\/](src[\\/]core|scripts)[\\/]/.test(file)) return;
        pending = null;
        const mod = server.moduleGraph.getModuleById(RESOLVED);
        if (mod) server.moduleGraph.invalidateModule(mod);
      });
    },
  };
}
