import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(name) ? [p] : [];
  });
}

/** Every module a file imports (static and dynamic), resolved against the repo when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => (s.startsWith('.') ? relative(repo, resolve(file, '..', s)) : s));
}

describe('the import rule of ARCHITECTURE.md', () => {
  it('keeps src/core free of the faces, the DOM and node-only modules', () => {
    for (const f of files(join(repo, 'src/core'))) {
      for (const i of importsOf(f)) {
        expect(i, relative(repo, f)).not.toMatch(/^(src\/(ui|cli|node)|workers)\/|^node:/);
      }
    }
  });

  it('lets workers import only src/core, the protocol and Comlink', () => {
    for (const f of files(join(repo, 'workers'))) {
      for (const i of importsOf(f)) expect(i, relative(repo, f)).toMatch(/^(src\/core\/|workers\/|comlink$)/);
    }
  });

  it('keeps the page away from the CLI and the node pool', () => {
    for (const f of files(join(repo, 'src/ui'))) {
      for (const i of importsOf(f)) expect(i, relative(repo, f)).not.toMatch(/^src\/(cli|node)\/|^node:/);
    }
  });
});
