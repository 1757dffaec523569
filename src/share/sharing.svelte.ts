/**
 * The page side of sharing: opens what the page was published or linked with (a bundle's analysis, `?data=`,
 * the link's state), keeps the state in the URL, resets to the published analysis, and builds the Publish zip.
 */
import { DEFAULT_PARAMS } from '../core/study/params.ts';
import type { Notebook } from '../ui/state/notebook.svelte.ts';
import { SECTIONS } from '../core/session/schema.ts';
import { decodeSession } from '../core/session/file.ts';
import { BUNDLE_META } from './bundle-meta.ts';
import { predictionRows } from '../ui/views/prediction.ts';
import { predictionsCsv } from './csv.ts';
import { predictionJson, type PredictionJson } from './predictions.ts';
import { dataParam, decodeState, encodeState, linkFor, queryOf, type SharedState } from './url.ts';

/** The state a link carries, read from the notebook. */
export function stateOf(nb: Notebook): SharedState {
  const doc = nb.doc;
  return {
    target: $state.snapshot(doc.target) as SharedState['target'],
    benchmark: doc.view.benchmark,
    open: SECTIONS.filter((s) => doc.view.open[s]),
    params: { ...doc.params },
  };
}

/** Puts a shared state into the notebook (values already checked by decodeState). */
export function applyState(nb: Notebook, s: SharedState): void {
  nb.setParams(s.params);
  if (s.target) nb.setTarget({ ...s.target });
  nb.doc.view.benchmark = s.benchmark;
  for (const x of SECTIONS) nb.doc.view.open[x] = s.open.includes(x);
}

export class Sharing {
  /** The analysis the page was published with; null on the plain app. */
  published: SharedState | null = $state.raw(null);
  title = $state('');
  /** Values of the link or bundle that were ignored, and load errors: shown to the visitor. */
  messages: string[] = $state([]);
  /** True once the opening state is in place; before that the URL is not rewritten. */
  ready = $state(false);
  link = $state('');
  publishing = $state(false);

  constructor(private readonly nb: Notebook) {}

  /** Opens the bundle's analysis, else `?data=`, else the last session; then applies the link's state. */
  async open(href: string = location.href, doc: Document = document): Promise<void> {
    const nb = this.nb;
    const query = queryOf(href);
    const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${BUNDLE_META}"]`);
    const data = dataParam(query);
    let opened = false;
    try {
      if (meta) opened = await this.openBundle(meta.content, href);
      else if (data) opened = await this.openData(data, href);
    } catch (e) {
      this.messages = [...this.messages, (e as Error).message];
    }
    if (!opened) await nb.init();
    const link = decodeState(query);
    if (link.problems.length) this.messages = [...this.messages, ...link.problems.map((p) => `Link: ${p}`)];
    if (link.state) applyState(nb, link.state);
    this.ready = true;
  }

  private async openBundle(manifestName: string, href: string): Promise<boolean> {
    const { fetchBundle } = await import('./publish.ts');
    const { title, record, settings } = await fetchBundle(manifestName, href);
    if (settings.problems.length) {
      this.messages = [...this.messages, ...settings.problems.map((p) => `${manifestName}: ${p}`)];
    }
    this.title = title;
    await this.nb.openRecord({ ...record, name: title || record.name });
    applyState(this.nb, settings.state ?? stateOf(this.nb));
    this.published = stateOf(this.nb);
    return true;
  }

  private async openData(value: string, href: string): Promise<boolean> {
    const { fetchData } = await import('./data.ts');
    const got = await fetchData(value, href);
    if (got.kind === 'session') {
      const rec = decodeSession(got.text, value, DEFAULT_PARAMS);
      await this.nb.openRecord(rec);
      return true;
    }
    this.nb.newSession();
    await this.nb.importFiles(got.files);
    const error = this.nb.imports.error;
    if (error) this.messages = [...this.messages, `${value}: ${error}`];
    return true;
  }

  /** Rewrites the URL to carry the current state (called on every change once ready). */
  sync(): void {
    if (!this.ready || !this.nb.loaded) return;
    const link = linkFor(location.href, stateOf(this.nb));
    this.link = link;
    if (link !== location.href) history.replaceState(history.state, '', link);
  }

  reset(): void {
    if (this.published) applyState(this.nb, this.published);
  }

  /** Predictions of COD and every baseline, in the page's table order. */
  predictionsCsv(): string {
    const r = this.nb.result;
    return predictionsCsv(predictionRows(r?.cod ?? null, r?.baselines ?? []));
  }

  /** COD's predictions in the contract of `scalecast predict --json`. */
  predictionsJson(): PredictionJson | null {
    const cod = this.nb.result?.cod;
    return cod ? predictionJson(cod) : null;
  }

  /** The site of the current analysis as zip bytes (the zip codec loads on first use). */
  async publishZip(title: string): Promise<Uint8Array> {
    const { publishZip } = await import('./publish.ts');
    return publishZip(this.nb.record(), encodeState(stateOf(this.nb)), title, location.href);
  }
}
