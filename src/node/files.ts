/** Node-only: local files and folders as InputFiles for importFiles (CLI, tests, benchmarks). */
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, dirname, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { InputFile } from '../core/ingest/types.ts';

function inputFile(abs: string, path: string, size: number): InputFile {
  return {
    path,
    size,
    stream: () =>
      Readable.toWeb(createReadStream(abs, { highWaterMark: 1 << 18 })) as ReadableStream<Uint8Array>,
    bytes: async () => new Uint8Array(await readFile(abs)),
  };
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/**
 * InputFiles for files and folders. A folder is expanded recursively and its files are named relative to the
 * folder's parent, so a dropped "EleutherAI__pythia-14m/" keeps its name in every path; a file keeps its base name.
 * Throws when a path does not exist.
 */
export async function nodeInputFiles(paths: string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const st = await stat(abs);
    if (st.isDirectory()) {
      const found: string[] = [];
      await walk(abs, found);
      const base = dirname(abs);
      for (const f of found) {
        const s = await stat(f);
        out.push(inputFile(f, relative(base, f).split(sep).join('/'), s.size));
      }
    } else out.push(inputFile(abs, basename(abs), st.size));
  }
  return out;
}
