/**
 * Issue 12 item 7 in the page: the Data section's choice of what scores multiple-choice lm-eval samples reaches the
 * import, so the real pythia-14m files come in scored by the gold choice's probability with acc as full-set metric.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SHARED, buildAndServe, launch, waitReady, type Site } from './harness.ts';
import { DEFAULT_MC_SIGNAL } from '../../src/core/ingest/choices.ts';

const PYTHIA_14M = join(SHARED, 'data/format_examples/lm_eval_samples_pythia-14m');

let site: Site;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [site, browser] = await Promise.all([buildAndServe(), launch()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(site.url);
  await waitReady(page);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const fileWarnings = (p: Page) =>
  p.$$eval('[data-testid="file-list"] li', (items) =>
    items.map((li) => [...li.querySelectorAll('.warning')].map((w) => w.textContent ?? '').join('\n')),
  );

async function importPythia(p: Page): Promise<string[]> {
  await p.click('[data-testid="new-session"]');
  const files = readdirSync(PYTHIA_14M).map((f) => join(PYTHIA_14M, f));
  await p.setInputFiles('[data-testid="file-input"]', files);
  await p.waitForFunction(
    () => document.querySelectorAll('[data-testid="file-list"] li').length === 4,
    undefined,
    { timeout: 60_000 },
  );
  await waitReady(p);
  return fileWarnings(p);
}

describe('multiple-choice signal in the page', () => {
  it('starts on the default signal and imports by the one chosen', async () => {
    expect(await page.inputValue('[data-testid="mc-signal"]')).toBe(DEFAULT_MC_SIGNAL);
    await page.selectOption('[data-testid="mc-signal"]', 'metric');
    const plain = await importPythia(page);
    expect(plain.join('\n')).not.toMatch(/gold_prob/);
    await page.selectOption('[data-testid="mc-signal"]', 'gold_prob');
    const graded = await importPythia(page);
    expect(
      graded.filter((w) => /scored by the gold choice's probability \("gold_prob"/.test(w)),
    ).toHaveLength(3);
  });
});
