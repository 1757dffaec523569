import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildAndServe, launch, waitReady, type Site } from './harness.ts';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  [site, browser] = await Promise.all([buildAndServe(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Writes a raw record into the page's session store and makes it the last session. */
async function storeRaw(page: Page, record: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    (rec) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('scalecast');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['sessions', 'meta'], 'readwrite');
          tx.objectStore('sessions').put(rec);
          tx.objectStore('meta').put(rec.id, 'last');
          tx.oncomplete = () => {
            open.result.close();
            done();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    record,
  );
}

describe('a stored record that fails the schema', () => {
  it('is set aside with the field named, the example opens, the record downloads, and a reload is clean', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(site.url);
    await waitReady(page);
    const bad = {
      id: 's-bad',
      name: 'broken',
      created: 1,
      updated: 2,
      version: 2,
      study: 'garbage',
      params: {},
    };
    await storeRaw(page, bad);

    await page.reload();
    await waitReady(page);
    const banner = page.locator('[data-testid="set-aside"]');
    await expect(banner.textContent()).resolves.toMatch(/set aside: field "example": expected true or false/);
    expect(
      await page.$$eval('[data-testid="prediction-table"] tr[data-benchmark^="sim-"]', (r) => r.length),
    ).toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="download-set-aside"]'),
    ]);
    const saved = JSON.parse(readFileSync((await download.path()) as string, 'utf8'));
    expect(saved).toEqual(bad);

    await page.reload();
    await waitReady(page);
    expect(await page.locator('[data-testid="set-aside"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
