/** Fetching a bundle's analysis, and building the Publish zip from the page's own files. Browser only. */
import { zipSync } from 'fflate';
import { DEFAULT_PARAMS } from '../core/study/params.ts';
import type { SessionRecord } from '../core/session/schema.ts';
import { decodeSession, encodeSession } from '../core/session/file.ts';
import { APP_FILES, bundleFiles, gunzipText, parseManifest } from './bundle.ts';
import { dataUrl, fetchBytes } from './data.ts';
import { decodeState, type DecodedState } from './url.ts';

export interface PublishedAnalysis {
  title: string;
  record: SessionRecord;
  settings: DecodedState;
}

/** Fetches the manifest named by the page's bundle tag and the study it names, both from next to the page. */
export async function fetchBundle(manifestName: string, pageHref: string): Promise<PublishedAnalysis> {
  const manifestUrl = dataUrl(manifestName, pageHref);
  const text = new TextDecoder().decode(await fetchBytes(manifestUrl, manifestName));
  const manifest = parseManifest(text, manifestName);
  const study = gunzipText(await fetchBytes(new URL(manifest.data, manifestUrl), manifest.data));
  const record = decodeSession(study, manifest.data, DEFAULT_PARAMS);
  return { title: manifest.title, record, settings: decodeState(manifest.settings) };
}

/** The site of an analysis as zip bytes: the page's own built files (listed by the build) plus study and state. */
export async function publishZip(
  record: SessionRecord,
  settings: string,
  title: string,
  pageHref: string,
): Promise<Uint8Array> {
  let names: string[];
  try {
    names = JSON.parse(new TextDecoder().decode(await fetchBytes(new URL(APP_FILES, pageHref), APP_FILES)));
  } catch (e) {
    throw new Error(`Publish needs the built page (npm run build): ${(e as Error).message}`, { cause: e });
  }
  const app = new Map<string, Uint8Array>();
  for (const n of [...names, APP_FILES]) app.set(n, await fetchBytes(new URL(n, pageHref), n));
  const files = bundleFiles(app, encodeSession({ ...record, name: title }), title, settings);
  return zipSync(Object.fromEntries(files), { level: 6 });
}
