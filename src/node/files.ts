/** Node-only: local files and folders as InputFiles for importFiles (CLI, tests, benchmarks). */
import { createReadStream } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join, normalize, relative, resolve, dirname, sep } from 'node:path';
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

const slash = (p: string) => p.split(sep).join('/');

/** What a folder walk found: files, and notes on symbolic links it did not follow. */
interface Walk {
  files: string[];
  notes: string[];
  /** Real paths of the folders entered, so a link back up is not followed twice. */
  visited: Set<string>;
  /** Real path of the folder given on the command line; links are followed only within it. */
  root: string;
}

async function walk(dir: string, w: Walk): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      w.visited.add(await realpath(p));
      await walk(p, w);
    } else if (e.isFile()) w.files.push(p);
    else if (e.isSymbolicLink()) {
      let real: string;
      let isDir: boolean;
      try {
        real = await realpath(p);
        isDir = (await stat(real)).isDirectory();
      } catch {
        w.notes.push(`${p}: a broken symbolic link; skipped`);
        continue;
      }
      if (real !== w.root && !real.startsWith(w.root + sep)) {
        w.notes.push(`${p}: a symbolic link to ${real}, outside the folder given; skipped`);
      } else if (!isDir) w.files.push(p);
      else if (!w.visited.has(real)) {
        w.visited.add(real);
        await walk(p, w);
      }
    }
  }
}

/**
 * Files and folders as InputFiles, with notes on links not followed. A folder is expanded recursively (symbolic
 * links within it are followed, each folder once) and its files are named relative to the folder's parent, so a
 * dropped "EleutherAI__pythia-14m/" keeps its name in every path; a file keeps the path it was given by, folders
 * included (OpenCompass `results/<model>/<dataset>.json` and HELM `<run>/per_instance_stats.json` need them).
 * Throws when a path does not exist or when nothing at all was found.
 */
export async function nodeInputSelection(paths: string[]): Promise<{ files: InputFile[]; notes: string[] }> {
  const out: InputFile[] = [];
  const notes: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const st = await stat(abs);
    if (st.isDirectory()) {
      const root = await realpath(abs);
      const w: Walk = { files: [], notes, visited: new Set([root]), root };
      await walk(abs, w);
      const base = dirname(abs);
      for (const f of w.files) {
        const s = await stat(f);
        out.push(inputFile(f, slash(relative(base, f)), s.size));
      }
    } else out.push(inputFile(abs, slash(normalize(p)).replace(/^(\.\/)+/, ''), st.size));
  }
  if (!out.length) throw new Error(`no files found in ${paths.join(', ')}`);
  return { files: out, notes };
}

/** nodeInputSelection without the notes. */
export async function nodeInputFiles(paths: string[]): Promise<InputFile[]> {
  return (await nodeInputSelection(paths)).files;
}
