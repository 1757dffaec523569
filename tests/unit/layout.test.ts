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

/** Every repo file reached from `file` through relative imports, `file` included. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const i of importsOf(file))
    if (/\.(ts|svelte)$/.test(i) && !i.startsWith('node:')) reachable(join(repo, i), seen);
  return seen;
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

  it('keeps the CLI and the node pool away from the page, directly or through any module they import', () => {
    for (const f of [...files(join(repo, 'src/cli')), ...files(join(repo, 'src/node'))]) {
      for (const r of reachable(f)) expect(relative(repo, r), relative(repo, f)).not.toMatch(/^src\/ui\//);
    }
  });

  it('keeps the saved session on its floor of src/core: below the pipeline, no page state', () => {
    for (const f of files(join(repo, 'src/core/session'))) {
      for (const i of importsOf(f))
        expect(i, relative(repo, f)).toMatch(/^src\/core\/(session|study|ingest|util)\//);
    }
  });
});
