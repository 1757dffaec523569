import { fileURLToPath } from 'node:url';
import { nodeInputFiles } from '../../../src/node/files.ts';
import type { InputFile } from '../../../src/core/ingest/types.ts';

/** Absolute path of a file under the shared data folder beside the repo. */
export const shared = (rel: string) => fileURLToPath(new URL(`../../../../shared/${rel}`, import.meta.url));
/** Absolute path of a test fixture. */
export const fixture = (rel: string) => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));

export const filesAt = (...paths: string[]) => nodeInputFiles(paths);

/** An in-memory InputFile whose stream yields `chunk`-byte pieces (to exercise split lines and characters). */
export function memFile(path: string, content: string | Uint8Array, chunk = 7): InputFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    path,
    size: bytes.byteLength,
    stream: () => {
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (i >= bytes.byteLength) return c.close();
          c.enqueue(bytes.slice(i, i + chunk));
          i += chunk;
        },
      });
    },
    bytes: async () => bytes.slice(),
  };
}
