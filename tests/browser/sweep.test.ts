import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildAndServe, launch, waitReady, type Site } from './harness.ts';

let site: Site;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  [site, browser] = await Promise.all([buildAndServe(), launch()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const codPredictions = (p: Page) =>
  p.$$eval('[data-testid="prediction-table"] tr[data-method="cod"]', (rows) =>
    Object.fromEntries(
      rows.map((r) => [(r as HTMLElement).dataset.benchmark, Number((r as HTMLElement).dataset.predicted)]),
    ),
  );

const sweepRows = (p: Page) =>
  p.$$eval('[data-testid="sweep-table"] tr[data-benchmark]', (rows) =>
    rows.map((r) => {
      const d = (r as HTMLElement).dataset;
      return { value: d.value, benchmark: d.benchmark, method: d.method, predicted: d.predicted };
    }),
  );

describe('sweeps and pinned runs in Chromium', () => {
  it('sweeps two values of a threshold, each row equal to the prediction at that setting', async () => {
    await page.goto(site.url);
    await waitReady(page);
    // The example's answer shipped with the page gives way to the one this browser computes, to the last bit its own.
    await page.waitForFunction(() => document.body.dataset.exampleCheck !== 'pending', undefined, {
      timeout: 90_000,
    });
    await waitReady(page);
    const before = await codPredictions(page);
    const benchmarks = Object.keys(before);
    await page.selectOption('[data-testid="sweep-param"]', 'minB');
    await page.fill('[data-testid="sweep-values"]', '0.1, 2');
    await page.click('[data-testid="sweep-run"]');
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid="sweep-table"] tr[data-benchmark]').length === n &&
        document.body.dataset.state === 'ready',
      benchmarks.length * 2,
      { timeout: 60_000 },
    );
    const rows = await sweepRows(page);
    expect(new Set(rows.map((r) => r.value))).toEqual(new Set(['0.1', '2']));
    expect(rows.every((r) => r.method === 'cod')).toBe(true);
    // 0.1 is the current value: its rows are the predictions on screen
    for (const r of rows.filter((x) => x.value === '0.1'))
      expect(Number(r.predicted)).toBe(before[r.benchmark as string]);
    for (const r of rows.filter((x) => x.predicted !== undefined)) {
      expect(Number(r.predicted)).toBeGreaterThanOrEqual(0);
      expect(Number(r.predicted)).toBeLessThanOrEqual(1);
    }
    expect(await page.locator('[data-testid="sweep-plot"]').count()).toBe(benchmarks.length);
    expect(pageErrors).toEqual([]);
  });

  it('pins two settings and compares them; a click on a sweep point applies its value', async () => {
    await page.click('[data-testid="pin-run"]');
    await page.waitForSelector('[data-testid="runs-table"] tr[data-run="Run 1"]');
    const first = await codPredictions(page);
    await page.click('[data-testid="sweep-plot"] circle[aria-label="apply minB=2"]');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="param-min-b"]') as HTMLInputElement | null)?.value === '2',
      undefined,
      { timeout: 10_000 },
    );
    await page.waitForTimeout(100);
    await waitReady(page);
    const second = await codPredictions(page);
    const rows = await sweepRows(page);
    for (const r of rows.filter((x) => x.value === '2'))
      expect(r.predicted === undefined ? undefined : Number(r.predicted)).toBe(second[r.benchmark as string]);
    await page.click('[data-testid="pin-run"]');
    await page.waitForSelector('[data-testid="runs-table"] tr[data-run="Run 2"]');
    const table = page.locator('[data-testid="runs-table"]');
    expect(await table.locator('thead th').allTextContents()).toContain('b >');
    const cells = await table
      .locator('tr[data-run] td[data-benchmark]')
      .evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset.predicted)));
    const n = Object.keys(first).length;
    expect(cells.slice(0, n)).toEqual(Object.values(first));
    expect(cells.slice(n)).toEqual(Object.values(second));
    expect(pageErrors).toEqual([]);
  });

  it('keeps the pinned runs across a reload', async () => {
    const before = await page.locator('[data-testid="runs-table"]').innerHTML();
    await page.waitForTimeout(1200); // the debounced autosave of the last pin
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('[data-testid="runs-table"] tr[data-run="Run 2"]');
    expect(await page.locator('[data-testid="runs-table"] tr[data-run]').count()).toBe(2);
    expect(await page.locator('[data-testid="runs-table"]').innerHTML()).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
