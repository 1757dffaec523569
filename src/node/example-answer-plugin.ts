/**
 * Vite plugin: `virtual:example-answer`, the built-in example's first answer computed by the core the workers run
 * (scripts/example-answer.ts in a node process), so the page shows the example without waiting for its workers.
 * The dev server computes it again whenever a file the answer depends on changes; vitest's module graph gets null.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const ID = 'virtual:example-answer';
const RESOLVED = '\0' + ID;

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
      pending ??= computeAnswer(root);
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
