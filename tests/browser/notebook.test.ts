import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO, SHARED, buildAndServe, launch, waitReady, type Site } from './harness.ts';

const SHOTS = join(REPO, 'test-output/screenshots');
const STUDY = ['pythia_arith.models.csv', 'pythia_arith.scores.csv'].map((f) =>
  join(SHARED, 'data/studies', f),
);
const SECTIONS = ['data', 'difficulty', 'clusters', 'mapping', 'prediction'];

// Counts the page's writes into the session store's `studies` (a string: tsx would inject helpers the page lacks).
const COUNT_STUDY_WRITES = `window.__studyWrites = 0;
const put = IDBObjectStore.prototype.put;
IDBObjectStore.prototype.put = function (...args) {
  if (this.name === 'studies') window.__studyWrites++;
  return put.apply(this, args);
};`;

/** The stored session record of `id` and whether `studies` holds its study, read straight from IndexedDB. */
const STORED = `(id) => new Promise((done, fail) => {
  const open = indexedDB.open('scalecast');
  open.onerror = () => fail(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['sessions', 'studies'], 'readonly');
    const rec = tx.objectStore('sessions').get(id);
    const study = tx.objectStore('studies').get(id);
    tx.oncomplete = () => {
      open.result.close();
      done({ keys: Object.keys(rec.result ?? {}), benchmarks: (study.result?.benchmarks ?? []).length });
    };
  };
})`;

let site: Site;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [site, browser] = await Promise.all([buildAndServe(), launch()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(COUNT_STUDY_WRITES);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function predictions(p: Page) {
  return p.$$eval('[data-testid="prediction-table"] tr[data-method]', (rows) =>
    rows.map((r) => ({
      benchmark: (r as HTMLElement).dataset.benchmark as string,
      method: (r as HTMLElement).dataset.method as string,
      predicted: Number((r as HTMLElement).dataset.predicted),
    })),
  );
}

/** Waits until the prediction table shows the Pythia arithmetic study. */
const arithShown = () =>
  page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="prediction-table"] tr[data-benchmark^="arith_"]').length > 0,
    undefined,
    { timeout: 60_000 },
  );

const exampleShown = () =>
  page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="prediction-table"] tr[data-benchmark^="sim-"]').length > 0 &&
      document.body.dataset.state === 'ready',
  );

const clusterCount = async (p: Page) => Number(await p.textContent('[data-testid="cluster-count"]'));

// Records, at every change of the page, each result section's status and what it shows: a section computing must
// show its computing note and none of its results; a string, so no bundler helper reaches the page.
const RECORD_SECTIONS = `window.__sections = [];
new MutationObserver(() => {
  const shows = { difficulty: '[data-testid="difficulty-plot"]', clusters: '[data-testid="cluster-table"]',
    mapping: '[data-testid="section-mapping"] svg', prediction: '[data-testid="prediction-table"] tr[data-method]' };
  const now = Object.entries(shows).map(([s, results]) => {
    const d = document.querySelector('details[data-section="' + s + '"]');
    if (!d) return s + ':absent';
    return s + ':' + d.dataset.status + (d.querySelector('[data-testid="section-computing"]') ? ':note' : '') +
      (d.querySelector(results) ? ':results' : '');
  }).join(' ');
  if (window.__sections.at(-1) !== now) window.__sections.push(now);
}).observe(document, { subtree: true, childList: true, attributes: true });`;

describe('the notebook in Chromium', () => {
  it('opens on the simulated example with every section and predictions', async () => {
    await page.addInitScript(RECORD_SECTIONS);
    await page.goto(site.url);
    await waitReady(page);
    // Each section shows its own status: computing (its note, no results) until its own part of the answer is in.
    const seen = (await page.evaluate('window.__sections')) as string[];
    const states = seen.flatMap((line) => line.split(' ')).filter((x) => !x.endsWith(':absent'));
    expect(
      states.filter((x) => x.includes(':computing') && (x.includes(':results') || !x.includes(':note'))),
    ).toEqual([]);
    expect(states.filter((x) => x.includes(':current') && x.includes(':note'))).toEqual([]);
    expect(seen.at(-1)).toBe(
      'difficulty:current:results clusters:current:results mapping:current:results prediction:current:results',
    );
    for (const s of SECTIONS) expect(await page.isVisible(`[data-testid="section-${s}"]`)).toBe(true);
    const rows = await predictions(page);
    const cod = rows.filter((r) => r.method === 'cod');
    expect(cod.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.filter((r) => r.method !== 'cod').map((r) => r.method)).size).toBeGreaterThanOrEqual(
      2,
    );
    for (const r of cod) {
      expect(r.predicted).toBeGreaterThanOrEqual(0);
      expect(r.predicted).toBeLessThanOrEqual(1);
    }
    // The default leads every benchmark and says which candidates it weighed and why.
    const benchmarks = [...new Set(rows.map((r) => r.benchmark))];
    expect(benchmarks.map((b) => rows.find((r) => r.benchmark === b)?.method)).toEqual(
      benchmarks.map(() => 'default'),
    );
    const why = page.locator('[data-testid="default-explanation"]').first();
    await why.locator('summary').click();
    expect(await why.textContent()).toMatch(/COD: weight \d+%/);
    expect(await page.textContent('body')).toContain('Drop your lm-eval logs here');

    // The answer on screen first is the one computed when the page was built (in Node); the workers then compute the
    // same inputs and the page checks it against theirs. The engines' elementary functions need not agree to the bit
    // (Chromium 156.0.8078.114's Math.exp, log, pow and cos differ from Node 20's in the last bit on 3–10% of random
    // arguments), and a poorly determined cluster law or a self-backtest's error then moves by more than the check's
    // relative 1e-4, so 'different' passes when only numbers moved and no prediction by 0.01 points; an answer from
    // other code or other inputs moves more, or differs in what it shows.
    expect(await page.getAttribute('[data-testid="example-answer"]', 'data-check')).toBe('pending');
    const before = await predictions(page);
    await page.waitForFunction(() => document.body.dataset.exampleCheck !== 'pending', undefined, {
      timeout: 90_000,
    });
    const shipped = page.locator('[data-testid="example-answer"]');
    const check = await shipped.getAttribute('data-check');
    expect(['same', 'different']).toContain(check);
    if (check === 'different') {
      // data-change: "<points> <method> <benchmark>", absent when the methods or benchmarks differ
      const [points] = ((await shipped.getAttribute('data-change')) ?? 'absent').split(' ');
      expect(Number(points)).toBeLessThan(0.01);
      expect(await shipped.getAttribute('title')).toMatch(/^first difference: \S+ \(\S+ vs \S+\)$/);
    } else expect(await shipped.getAttribute('data-change')).toBeNull();
    const after = await predictions(page);
    expect(after.map((r) => [r.benchmark, r.method])).toEqual(before.map((r) => [r.benchmark, r.method]));
    const moved = Math.max(...after.map((r, i) => Math.abs(r.predicted - before[i].predicted) * 100));
    expect(moved).toBeLessThan(0.01);
    expect(pageErrors).toEqual([]);
  });

  it('imports the canonical study through the file input and predicts it', async () => {
    await page.setInputFiles('[data-testid="file-input"]', STUDY);
    await arithShown();
    await waitReady(page);
    const rows = await predictions(page);
    const benchmarks = new Set(rows.filter((r) => r.method === 'cod').map((r) => r.benchmark));
    expect([...benchmarks].sort()).toEqual([
      'arith_0shot',
      'arith_16shot',
      'arith_2shot',
      'arith_4shot',
      'arith_8shot',
    ]);
    for (const r of rows.filter((x) => Number.isFinite(x.predicted) && x.predicted !== 0)) {
      expect(r.predicted).toBeGreaterThanOrEqual(0);
      expect(r.predicted).toBeLessThanOrEqual(1);
    }
    expect(await page.$$eval('[data-testid="models-table"] tbody tr', (r) => r.length)).toBe(42);
    expect(await page.textContent('[data-testid="file-list"]')).toContain('pythia_arith.scores.csv');
    for (const s of SECTIONS) {
      await page
        .locator(`[data-testid="section-${s}"]`)
        .screenshot({ path: join(SHOTS, `section-${s}.png`) });
    }
    expect(pageErrors).toEqual([]);
  });

  it('shows the error of a bad file beside it and keeps what is loaded', async () => {
    const before = await predictions(page);
    await page.setInputFiles('[data-testid="file-input"]', [
      { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"results": [1, 2') },
    ]);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="file-list"]')?.textContent?.includes('broken.json'),
    );
    await waitReady(page);
    expect(
      await page
        .locator('[data-testid="file-list"] li', { hasText: 'broken.json' })
        .locator('.error')
        .count(),
    ).toBe(1);
    expect(await predictions(page)).toEqual(before);
  });

  it('re-clusters when the bandwidth quantile changes', async () => {
    await page.selectOption('[data-testid="benchmark-select"]', 'arith_2shot');
    await waitReady(page);
    const before = await clusterCount(page);
    expect(before).toBeGreaterThan(0);
    let after = before;
    for (const q of ['0.5', '0.02', '0.9']) {
      await page.fill('[data-testid="param-quantile"]', q);
      await waitReady(page);
      after = await clusterCount(page);
      if (after !== before) break;
    }
    expect(after).not.toBe(before);
  });

  it('saves a parameter change without writing the unchanged study again', async () => {
    const savedAt = () => page.getAttribute('[data-testid="session-list"]', 'data-saved-at');
    await page.waitForFunction(() => !!document.querySelector('[data-testid="session-list"][data-saved-at]'));
    await page.waitForTimeout(900); // the debounced autosave of the last change
    const [writes, before] = [await page.evaluate('window.__studyWrites'), await savedAt()];
    expect(writes).toBeGreaterThan(0); // the imported study itself was written
    await page.fill('[data-testid="param-min-a"]', '1.1');
    await waitReady(page);
    await page.waitForFunction((t) => {
      const now = document.querySelector('[data-testid="session-list"]')?.getAttribute('data-saved-at');
      return !!now && now !== t;
    }, before);
    expect(await page.evaluate('window.__studyWrites')).toBe(writes);
    const id = await page.evaluate(
      () =>
        new Promise<string>((done) => {
          const open = indexedDB.open('scalecast');
          open.onsuccess = () => {
            const get = open.result.transaction('meta').objectStore('meta').get('last');
            get.onsuccess = () => done(get.result as string);
          };
        }),
    );
    const stored = (await page.evaluate(`(${STORED})(${JSON.stringify(id)})`)) as {
      keys: string[];
      benchmarks: number;
    };
    expect(stored.keys).toContain('params');
    expect(stored.keys).not.toContain('study');
    expect(stored.benchmarks).toBe(5);
    await page.fill('[data-testid="param-min-a"]', '1');
    await waitReady(page);
  });

  it('restores the session after a reload', async () => {
    const quantile = await page.inputValue('[data-testid="param-quantile"]');
    const before = await predictions(page);
    await page.waitForFunction(
      (q) =>
        !!document.querySelector('[data-testid="session-list"][data-saved-at]') &&
        document.body.dataset.state === 'ready' &&
        (document.querySelector('[data-testid="param-quantile"]') as HTMLInputElement).value === q,
      quantile,
    );
    await page.waitForTimeout(900); // let the debounced autosave of the last change land
    await page.reload();
    await waitReady(page);
    await arithShown();
    expect(await page.inputValue('[data-testid="param-quantile"]')).toBe(quantile);
    expect(await page.inputValue('[data-testid="benchmark-select"]')).toBe('arith_2shot');
    const after = await predictions(page);
    expect(after).toEqual(before);
    expect(await page.textContent('[data-testid="session-list"]')).toContain('pythia_arith');
    await page.screenshot({ path: join(SHOTS, 'notebook-after-reload.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('renames, switches between and deletes saved sessions', async () => {
    const sessions = page.locator('[data-testid="session-list"] li[data-session]');
    await page.click('details.sessions > summary');
    const id = await sessions.filter({ hasText: 'pythia_arith' }).first().getAttribute('data-session');
    const arith = page.locator(`[data-testid="session-list"] li[data-session="${id}"]`);
    await arith.getByRole('button', { name: 'Rename' }).click();
    await arith.locator('input[aria-label="Session name"]').fill('arithmetic ladder');
    await arith.locator('input[aria-label="Session name"]').press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="session-list"]')?.textContent?.includes('arithmetic ladder'),
    );

    await page.click('text=Open the example');
    await exampleShown();

    const renamed = arith;
    expect(await renamed.textContent()).toContain('arithmetic ladder');
    await renamed.getByRole('button', { name: 'Open' }).click();
    await waitReady(page);
    await arithShown();

    page.once('dialog', (d) => void d.accept());
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await waitReady(page);
    await page.waitForFunction(
      () =>
        !document.querySelector('[data-testid="session-list"]')?.textContent?.includes('arithmetic ladder'),
    );
    // Deleting the open session falls back to the example, never to an empty page.
    await exampleShown();
    await page.reload();
    await waitReady(page);
    expect(await page.textContent('[data-testid="session-list"]')).not.toContain('arithmetic ladder');
    expect(pageErrors).toEqual([]);
  });

  it('imports files dropped anywhere on the page', async () => {
    const files = STUDY.map((path) => ({
      name: path.split('/').pop() as string,
      text: readFileSync(path, 'utf8'),
    }));
    const dataTransfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
      return dt;
    }, files);
    await page.dispatchEvent('[data-testid="section-prediction"]', 'drop', { dataTransfer });
    await arithShown();
    await waitReady(page);
    expect(pageErrors).toEqual([]);
  });

  it('shares a session as a file that opens the same analysis', async () => {
    const before = await predictions(page);
    expect(before.some((r) => r.benchmark.startsWith('arith_'))).toBe(true);
    if (!(await page.isVisible('[data-testid="session-export"]')))
      await page.click('details.sessions > summary');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="session-export"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.scalecast\.json$/);
    const file = join(SHOTS, '..', download.suggestedFilename());
    await download.saveAs(file);

    await page.click('text=Open the example');
    await exampleShown();
    await page.setInputFiles('[data-testid="file-input"]', file);
    await arithShown();
    await waitReady(page);
    expect(await predictions(page)).toEqual(before);
    expect(pageErrors).toEqual([]);
  });

  it('predicts a planned run typed as "70B on 15T tokens"', async () => {
    const options = await page.$$eval('[data-testid="target-select"] option', (o) =>
      o.map((x) => (x as HTMLOptionElement).value),
    );
    await page.selectOption('[data-testid="target-select"]', options[options.length - 1]);
    await page.fill('[data-testid="target-planned"]', '70B on 15T tokens');
    await page.press('[data-testid="target-planned"]', 'Enter');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="section-prediction"]')?.textContent?.includes('6.3 YFLOP'),
    );
    await waitReady(page);
    const rows = await page.$$eval('[data-testid="prediction-table"] tr[data-method="cod"]', (r) =>
      r.map((x) => Number((x as HTMLElement).dataset.predicted)),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const v of rows) expect(v).toBeGreaterThanOrEqual(0);
    expect(await page.$('[data-testid="target-error"]')).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it('predicts from results files alone with the end-to-end baselines', async () => {
    await page.click('text=Open the example');
    await exampleShown();
    const root = join(SHARED, 'data/lm_eval_v03_results/opt');
    const files = readdirSync(root, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(root, f));
    await page.setInputFiles('[data-testid="file-input"]', files);
    await page.waitForSelector('[data-testid="metric-only-benchmarks"]', { timeout: 60_000 });
    await waitReady(page);
    const rows = await predictions(page);
    const exp = rows.filter((r) => r.method === 'e2e-exp' && Number.isFinite(r.predicted));
    expect(exp.length).toBeGreaterThan(10);
    expect(rows.some((r) => r.method === 'cod')).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
