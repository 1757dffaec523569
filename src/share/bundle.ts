/**
 * A published analysis as a static site: the built app, the study as a gzipped session file, and a manifest
 * with the title and the published settings (a share-link query, so they go through the same checks as links).
 * The CLI (`scalecast bundle`) and the page's Publish button both write it with these functions.
 */
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { BUNDLE_META } from './bundle-meta.ts';

export { BUNDLE_META };
export const MANIFEST_FILE = 'analysis.json';
export const DATA_FILE = 'study.scalecast.json.gz';
/** Written by the build: every file of the built app, for the page to fetch when it publishes itself. */
export const APP_FILES = 'app-files.json';
const FORMAT = 'scalecast-bundle';
const VERSION = 1;
const MAX_TITLE = 200;

export interface BundleManifest {
  format: typeof FORMAT;
  version: typeof VERSION;
  title: string;
  /** File name of the study, next to the manifest. */
  data: string;
  /** The published state as a link query (see url.ts). */
  settings: string;
}

export function bundleManifest(title: string, settings: string): BundleManifest {
  return { format: FORMAT, version: VERSION, title: title.slice(0, MAX_TITLE), data: DATA_FILE, settings };
}

/** A plain file name next to the page: no folders, no scheme, nothing to climb out with. */
function isPlainFileName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && !name.includes('..');
}

/** Reads and checks a manifest; errors name the file and the field. */
export function parseManifest(text: string, source: string): BundleManifest {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not a scalecast bundle manifest (invalid JSON: ${(e as Error).message})`, {
      cause: e,
    });
  }
  if (!json || typeof json !== 'object' || json.format !== FORMAT) {
    throw new Error(`${source}: not a scalecast bundle manifest (expected "format": "${FORMAT}")`);
  }
  if (json.version !== VERSION) throw new Error(`${source}: field "version": expected ${VERSION}`);
  if (typeof json.title !== 'string' || json.title.length > MAX_TITLE) {
    throw new Error(`${source}: field "title": expected text of at most ${MAX_TITLE} characters`);
  }
  if (typeof json.data !== 'string' || !isPlainFileName(json.data)) {
    throw new Error(`${source}: field "data": expected a file name next to the page`);
  }
  if (typeof json.settings !== 'string' || json.settings.length > 4000) {
    throw new Error(`${source}: field "settings": expected a link query`);
  }
  return { format: FORMAT, version: VERSION, title: json.title, data: json.data, settings: json.settings };
}

export function gzipText(text: string): Uint8Array {
  return gzipSync(strToU8(text), { level: 6 });
}

/** The text of gzip bytes; plain bytes (a server that already decompressed them) pass through. */
export function gunzipText(bytes: Uint8Array): string {
  const gz = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return strFromU8(gz ? gunzipSync(bytes) : bytes);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const META_RE = new RegExp(`\\s*<meta name="${BUNDLE_META}" content="[^"]*" />`, 'g');

/** The app's index.html turned into the bundle's: the manifest's meta tag and the title (escaped). */
export function bundleIndexHtml(html: string, title: string): string {
  const meta = `<meta name="${BUNDLE_META}" content="${MANIFEST_FILE}" />`;
  let out = html.replace(META_RE, '');
  if (title) out = out.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)} · scalecast</title>`);
  return out.replace('</head>', `  ${meta}\n  </head>`);
}

/**
 * Every file of a bundle: the app's own files (index.html rewritten) plus the manifest and the gzipped session.
 * `app` maps paths relative to the site root to their bytes and must hold index.html.
 */
export function bundleFiles(
  app: ReadonlyMap<string, Uint8Array>,
  sessionText: string,
  title: string,
  settings: string,
): Map<string, Uint8Array> {
  const index = app.get('index.html');
  if (!index) throw new Error('the built app has no index.html');
  const out = new Map(app);
  out.delete(MANIFEST_FILE);
  out.delete(DATA_FILE);
  out.set('index.html', strToU8(bundleIndexHtml(strFromU8(index), title)));
  out.set(MANIFEST_FILE, strToU8(JSON.stringify(bundleManifest(title, settings), null, 2) + '\n'));
  out.set(DATA_FILE, gzipText(sessionText));
  return out;
}
