/**
 * `?data=<url>`: a study (a bundle's gzipped session), a session file, one results file or a zip of results
 * files, fetched from next to the page or another origin the visitor chose. Errors name the URL and the reason.
 */
import { unzipSync } from 'fflate';
import { gunzipText } from './bundle.ts';

export type Fetched =
  { kind: 'session'; url: string; text: string } | { kind: 'files'; url: string; files: File[] };

/** Bounds on what a link may make the page unpack. */
export const DATA_LIMITS = { entries: 20_000, totalBytes: 1 << 30 };

const SESSION = /\.scalecast\.json(\.gz)?$/i;

/** The URL of `?data=` resolved against the page, or an error naming it. */
export function dataUrl(value: string, pageHref: string): URL {
  let url: URL;
  try {
    url = new URL(value, pageHref);
  } catch {
    throw new Error(`Could not load ${value}: not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Could not load ${value}: only http(s) URLs can be opened`);
  }
  return url;
}

/** Fetches bytes; a failure says which URL and why (status, network, or the page's security policy). */
export async function fetchBytes(url: URL, label = url.href): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'omit' });
  } catch (e) {
    throw new Error(
      `Could not load ${label}: ${(e as Error).message || 'network error'} (the server is unreachable, does not ` +
        'allow this origin (CORS), or the page’s security policy blocked it)',
      { cause: e },
    );
  }
  if (!res.ok) throw new Error(`Could not load ${label}: HTTP ${res.status} ${res.statusText}`.trim());
  return new Uint8Array(await res.arrayBuffer());
}

function fileName(url: URL): string {
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '');
  return last || 'data';
}

/** Zip entries as Files named by their path in the zip (folders kept, system folders skipped). */
export function unzipFiles(bytes: Uint8Array, label: string): File[] {
  let count = 0;
  let total = 0;
  const entries = unzipSync(bytes, {
    filter: (f) => {
      if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/') || /(^|\/)\./.test(f.name)) return false;
      count++;
      total += f.originalSize;
      if (count > DATA_LIMITS.entries) {
        throw new Error(`${label}: more than ${DATA_LIMITS.entries} files in the zip`);
      }
      if (total > DATA_LIMITS.totalBytes) {
        throw new Error(`${label}: the zip unpacks to more than ${DATA_LIMITS.totalBytes / 2 ** 30} GiB`);
      }
      return true;
    },
  });
  return Object.entries(entries).map(([path, data]) => {
    const f = new File([data as BlobPart], path.split('/').at(-1) ?? path);
    Object.defineProperty(f, 'relativePath', { value: path });
    return f;
  });
}

/** Loads what `?data=` names. */
export async function fetchData(value: string, pageHref: string): Promise<Fetched> {
  const url = dataUrl(value, pageHref);
  const bytes = await fetchBytes(url, value);
  const name = fileName(url);
  const isZip = bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03;
  if (SESSION.test(name) || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    try {
      return { kind: 'session', url: value, text: gunzipText(bytes) };
    } catch (e) {
      throw new Error(`Could not load ${value}: not a gzipped session file (${(e as Error).message})`, {
        cause: e,
      });
    }
  }
  if (isZip && /\.zip$/i.test(name)) {
    try {
      return { kind: 'files', url: value, files: unzipFiles(bytes, value) };
    } catch (e) {
      throw new Error(`Could not load ${value}: ${(e as Error).message.replace(`${value}: `, '')}`, {
        cause: e,
      });
    }
  }
  return { kind: 'files', url: value, files: [new File([bytes as BlobPart], name)] };
}
