/**
 * Issue 9: the notebook on the files researchers have (../shared/data and a generated lm-eval v0.4 tree), in
 * Chromium. One page walks through the findings in order; each test says which one it checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SHARED, buildAndServe, launch, waitReady, type Site } from './harness.ts';
import { readStudy, writeLmEvalTree, type WrittenTree } from '../helpers/lmeval-tree.ts';

const PYTHIA_14M = join(SHARED, 'data/format_examples/lm_eval_samples_pythia-14m');
const ARITH = ['pythia_arith.models.csv', 'pythia_arith.scores.csv'].map((f) =>
  join(SHARED, 'data/studies', f),
);
const MMLU_PRO = ['mmlu_pro.models.csv', 'mmlu_pro.scores.csv'].map((f) => join(SHARED, 'data/studies', f));
const RESULT_SECTIONS = ['difficulty', 'clusters', 'mapping', 'prediction'];

let site: Site;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let tmp: string;
let tree: WrittenTree;
const pageErrors: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'scalecast-tree-'));
  tree = writeLmEvalTree(await readStudy(MMLU_PRO), join(tmp, 'lm-eval-out'), 400);
  [site, browser] = await Promise.all([buildAndServe(), launch()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(site.url);
  await waitReady(page);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const statuses = (p: Page) =>
  p.$$eval('[data-section]', (els) =>
    Object.fromEntries(
      els.map((e) => [(e as HTMLElement).dataset.section, (e as HTMLElement).dataset.status]),
    ),
  );
const modelNames = (p: Page) =>
  p.$$eval('[data-testid="models-table"] tr[data-model]', (rows) =>
    rows.map((r) => (r as HTMLElement).dataset.model),
  );
const predictionRows = (p: Page) =>
  p.$$eval('[data-testid="prediction-table"] tr[data-method]', (rows) =>
    rows.map((r) => ({
      benchmark: (r as HTMLElement).dataset.benchmark as string,
      method: (r as HTMLElement).dataset.method as string,
      status: (r as HTMLElement).dataset.status as string,
      predicted: (r as HTMLElement).hasAttribute('data-predicted')
        ? Number((r as HTMLElement).dataset.predicted)
        : null,
    })),
  );
/** Waits until the page is ready and its models table lists exactly `n` models. */
async function modelsShown(p: Page, n: number) {
  await p.waitForFunction(
    (k) => document.querySelectorAll('[data-testid="models-table"] tr[data-model]').length === k,
    n,
    { timeout: 60_000 },
  );
  await waitReady(p);
}
/** Waits until the Prediction section shows the answer to the current inputs. */
async function predictionCurrent(p: Page) {
  await p.waitForFunction(
    () => document.querySelector('[data-section="prediction"]')?.getAttribute('data-status') === 'current',
    undefined,
    { timeout: 90_000 },
  );
}
const treeFiles = () => tree.files.map((f) => join(tree.root, f));

describe('issue 9: the notebook on real files', () => {
  it('1 · state never lies: a folder of real samples replaces the example, and every section says what it shows', async () => {
    await page.setInputFiles('[data-testid="folder-input"]', PYTHIA_14M);
    await modelsShown(page, 1);
    const st = await statuses(page);
    expect(Object.keys(st).sort()).toEqual(['clusters', 'data', 'difficulty', 'mapping', 'prediction']);
    for (const s of Object.values(st)) expect(['current', 'refused', 'error']).toContain(s);
    // Nothing of the example survives: no sim-* prediction, no "Computing…" forever.
    expect((await predictionRows(page)).filter((r) => r.benchmark.startsWith('sim-'))).toEqual([]);
    expect(await page.locator('[data-testid="section-computing"]').count()).toBe(0);
  });

  it('1 · an uncomputable target clears the numbers and refuses with the reason; fixing it computes again', async () => {
    await page.setInputFiles('[data-testid="file-input"]', ARITH);
    await page.click('[data-testid="import-new-session"]');
    await page.waitForFunction(
      () => document.querySelector('[data-section="prediction"]')?.getAttribute('data-status') === 'current',
      undefined,
      { timeout: 90_000 },
    );
    await waitReady(page);
    expect((await predictionRows(page)).some((r) => r.predicted !== null)).toBe(true);
    const options = await page.$$eval('[data-testid="target-select"] option', (o) =>
      o.map((x) => (x as HTMLOptionElement).value),
    );
    await page.selectOption('[data-testid="target-select"]', options[options.length - 1]);
    await page.fill('[data-testid="target-planned"]', 'banana');
    await page.press('[data-testid="target-planned"]', 'Enter');
    await waitReady(page);
    const st = await statuses(page);
    for (const s of RESULT_SECTIONS) expect(st[s]).toBe('refused');
    expect(await page.locator('[data-testid="prediction-table"]').count()).toBe(0);
    expect(await page.textContent('[data-section="prediction"]')).toContain('banana');
    await page.fill('[data-testid="target-planned"]', '7B on 2T tokens');
    await page.press('[data-testid="target-planned"]', 'Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-section="prediction"]')?.getAttribute('data-status') === 'current',
      undefined,
      { timeout: 90_000 },
    );
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
  });

  it('3 · a drop onto an open study offers add or new session, with undo', async () => {
    const before = await modelNames(page);
    await page.setInputFiles('[data-testid="file-input"]', PYTHIA_14M_FILES());
    await page.waitForSelector('[data-testid="import-choice"]');
    expect(await modelNames(page)).toEqual(before);
    await page.click('[data-testid="import-add"]');
    await modelsShown(page, before.length + 1);
    await page.click('[data-testid="import-undo"]');
    await modelsShown(page, before.length);
    expect(await modelNames(page)).toEqual(before);
  });

  it('3 · parameters tweaked on one study do not carry into a new one; New session starts empty', async () => {
    await page.fill('[data-testid="param-quantile"]', '0.3');
    await waitReady(page);
    await page.click('[data-testid="new-session"]');
    await modelsShown(page, 0);
    const st = await statuses(page);
    for (const s of RESULT_SECTIONS) expect(st[s]).toBe('refused');
    expect(await page.textContent('[data-testid="session-name"]')).toBe('New session');
    await page.setInputFiles('[data-testid="file-input"]', treeFiles());
    await modelsShown(page, tree.models.length);
    expect(await page.inputValue('[data-testid="param-quantile"]')).toBe('0.1');
  });

  it('2 · a flat pick of an lm-eval tree of N models gives N models named by model', async () => {
    expect(tree.models.length).toBeGreaterThanOrEqual(10);
    expect((await modelNames(page)).sort()).toEqual([...tree.models].sort());
    const noCompute = await page.$$eval(
      '[data-testid="models-table"] tr[data-model] input.compute',
      (els) => els.filter((e) => !(e as HTMLInputElement).value).length,
    );
    expect(noCompute).toBe(0);
  });

  it('2 · the folder picker gives the same models, and 4 picked pythia-14m files give one model', async () => {
    await page.click('[data-testid="new-session"]');
    await page.setInputFiles('[data-testid="folder-input"]', tree.root);
    await modelsShown(page, tree.models.length);
    expect((await modelNames(page)).sort()).toEqual([...tree.models].sort());
    await page.click('[data-testid="new-session"]');
    await page.setInputFiles('[data-testid="file-input"]', PYTHIA_14M_FILES());
    await modelsShown(page, 1);
    expect(await page.locator('[data-testid="benchmark-select"] option').count()).toBe(4);
  });

  it('3 · a file or a model can be removed', async () => {
    await page.click('[data-testid="new-session"]');
    await page.setInputFiles('[data-testid="folder-input"]', tree.root);
    await modelsShown(page, tree.models.length);
    const victim = tree.models[0];
    await page.locator(`tr[data-model="${victim}"] [data-testid="remove-model"]`).click();
    await modelsShown(page, tree.models.length - 1);
    expect(await modelNames(page)).not.toContain(victim);
    const second = tree.models[1];
    const dir = second.replace('/', '__');
    const paths = await page.$$eval('[data-testid="file-list"] li[data-file]', (els) =>
      els.map((e) => (e as HTMLElement).dataset.file as string),
    );
    const mine = paths.filter((p) => p.includes(dir));
    expect(mine.length).toBe(2);
    for (const path of mine) {
      await page
        .locator(`[data-testid="file-list"] li[data-file="${path}"] [data-testid="remove-file"]`)
        .click();
    }
    await modelsShown(page, tree.models.length - 2);
    expect(await modelNames(page)).not.toContain(second);
  });

  it('6 · every compute field reads the same notations; a bare size is refused with a hint; params are editable', async () => {
    const model = (await modelNames(page))[0] as string;
    const row = page.locator(`tr[data-model="${model}"]`);
    await row.locator('input.compute').fill('7B');
    await row.locator('input.compute').press('Enter');
    await expect
      .poll(() => row.locator('[data-testid="compute-error"]').textContent())
      .toMatch(/model size.*on 2T tokens/);
    await row.locator('input.compute').fill('70B on 15T tokens');
    await row.locator('input.compute').press('Enter');
    await expect.poll(() => row.locator('input.compute').inputValue()).toBe('6.300e+24');
    await row.locator('input.count').first().fill('1B');
    await row.locator('input.count').first().press('Enter');
    await expect.poll(() => row.locator('input.count').first().inputValue()).toBe('1B');
    // Every row is in the page, none hidden in a scroll box.
    const hidden = await page.$$eval(
      '[data-testid="models-table"] tr[data-model]',
      (rows) =>
        rows.filter((r) => {
          for (let e = r.parentElement; e; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.maxHeight !== 'none' && /(auto|scroll)/.test(s.overflowY)) return true;
          }
          return false;
        }).length,
    );
    expect(hidden).toBe(0);
    await waitReady(page);
  });

  it('7 · 0/1 data is smoothed by default, drawn as density when raw; clusters, mapping and the target read', async () => {
    await page.waitForSelector('[data-testid="difficulty-plot"]');
    const difficulty = () => page.textContent('[data-testid="section-difficulty"]');
    expect(await difficulty()).toMatch(/Smoothed pass rate on the largest ladder model/);
    await page.selectOption('[data-testid="param-pass-rates"]', 'raw');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="difficulty-plot"]')?.getAttribute('data-density') === 'binned',
    );
    expect(await difficulty()).toMatch(/\bPass rate on the largest ladder model/);
    // Back at once, usually before the baselines worker has answered for raw rates: that late answer must not
    // replace the auto answer shown again.
    await page.selectOption('[data-testid="param-pass-rates"]', 'auto');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="difficulty-plot"]')?.getAttribute('data-density') === 'points',
    );
    await predictionCurrent(page);
    await waitReady(page);
    expect(await page.textContent('[data-section="mapping"]')).toMatch(/\(predicted\)/);
    const colours = await page.$$eval('[data-section="prediction"] tr[data-method] .swatch', (s) =>
      s.map((e) => getComputedStyle(e).backgroundColor),
    );
    expect(colours.length).toBeGreaterThan(0);
  });

  it('4 · results files alone: refused methods show no number', async () => {
    await page.click('[data-testid="new-session"]');
    const root = join(SHARED, 'data/lm_eval_v03_results/opt');
    const files = readdirSync(root, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(root, f));
    await page.setInputFiles('[data-testid="file-input"]', files);
    await page.waitForSelector('[data-testid="metric-only-benchmarks"]', { timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-section="prediction"]')?.getAttribute('data-status') === 'current',
      undefined,
      { timeout: 90_000 },
    );
    await waitReady(page);
    const rows = await predictionRows(page);
    const cod = rows.filter((r) => r.method === 'cod');
    expect(cod.length).toBeGreaterThan(0);
    for (const r of cod) expect(r).toMatchObject({ status: 'refused', predicted: null });
    for (const r of rows.filter((x) => x.status === 'refused')) expect(r.predicted).toBeNull();
    expect(await page.$$eval('tr[data-status="refused"][data-predicted]', (r) => r.length)).toBe(0);
  });

  it('5 · two tabs never lose an edit silently: the other tab is told and can fork', async () => {
    await page.setInputFiles('[data-testid="file-input"]', ARITH);
    await page.click('[data-testid="import-new-session"]').catch(() => undefined);
    await page.waitForFunction(
      () => document.querySelector('[data-section="prediction"]')?.getAttribute('data-status') === 'current',
      undefined,
      { timeout: 90_000 },
    );
    await page.waitForSelector('[data-testid="session-list"][data-saved-at]', { state: 'attached' });
    await page.waitForTimeout(900);
    const tab2 = await context.newPage();
    await tab2.goto(site.url);
    await waitReady(tab2);
    await tab2.selectOption('[data-testid="param-mapping"]', 'monotone');
    await tab2.waitForTimeout(1200); // the debounced autosave
    await page.waitForSelector('[data-testid="session-conflict"]', { timeout: 10_000 });
    await page.selectOption('[data-testid="param-law"]', 'f2');
    await page.waitForTimeout(1200);
    // Tab 1's edit did not overwrite tab 2's: a new tab still shows the monotone mapping.
    const tab3 = await context.newPage();
    await tab3.goto(site.url);
    await waitReady(tab3);
    expect(await tab3.inputValue('[data-testid="param-mapping"]')).toBe('monotone');
    await tab3.close();
    await page.click('[data-testid="session-fork"]');
    await page.waitForSelector('[data-testid="session-conflict"]', { state: 'detached' });
    expect(await page.textContent('[data-testid="session-name"]')).toContain('(copy)');
    expect(await page.inputValue('[data-testid="param-law"]')).toBe('f2');
    await tab2.close();
    expect(pageErrors).toEqual([]);
  });
});

function PYTHIA_14M_FILES(): string[] {
  return readdirSync(PYTHIA_14M).map((f) => join(PYTHIA_14M, f));
}
