/** Vite plugin of the built page: its Content-Security-Policy, and the list of its files for Publish. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { APP_FILES } from './bundle.ts';
import { STATIC_CSP } from './csp.ts';

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

export function sharePlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'scalecast-share',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: STATIC_CSP },
          injectTo: 'head-prepend',
        },
      ];
    },
    closeBundle() {
      const outDir = config.build.outDir;
      const files: string[] = [];
      walk(outDir, files);
      const names = files
        .map((f) => relative(outDir, f).split(sep).join('/'))
        .filter((f) => f !== APP_FILES && !f.startsWith('.'))
        .sort();
      writeFileSync(join(outDir, APP_FILES), JSON.stringify(names) + '\n');
    },
  };
}
