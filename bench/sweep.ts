/**
 * Sweeps in the page: headless Chromium on the 12,032-question MMLU-Pro study. A 10-value sweep of a threshold
 * (goal < 1 s), a 10-value sweep of the upper bound U (ten re-clusterings; goal < 6 s and ≤ 0.6× the time of ten
 * separate U changes in the page), each from the click until the last row is on screen. Every repetition sweeps
 * values not swept before, so no repetition is served from an earlier one's cache.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { SHARED, buildAndServe, launch, waitReady } from '../tests/browser/harness.ts';
import { timeChange } from './browser.ts';

const STUDY = ['mmlu_pro.models.csv', 'mmlu_pro.scores.csv'].map((f) => join(SHARED, 'data/studies', f));
const REPEATS = 3;

// Strings, not functions: tsx would inject helpers (__name) that do not exist in the page.
const TIME_UNTIL_READY = `([selector, rows]) => new Promise((resolve, reject) => {
  const body = document.body;
  const t0 = performance.now();
  let sawBusy = false;
  const timer = setTimeout(() => reject(new Error(selector + ': not done after 300 s')), 300000);
  const done = () =>
    rows === 0 || document.querySelectorAll('[data-testid="sweep-table"] tr[data-benchmark]').length === rows;
  const observer = new MutationObserver(() => check());
  const check = () => {
    if (body.dataset.state === 'busy') sawBusy = true;
    else if (sawBusy && body.dataset.state === 'ready' && done()) {
      clearTimeout(timer);
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  };
  observer.observe(body, { attributes: true, attributeFilter: ['data-state'], subtree: true, childList: true });
  document.querySelector(selector).click();
  check();
})`;

/** Runs a sweep of `param` over `values` and times it until every row is on screen, in ms. */
async function timeSweep(page: Page, param: string, values: number[]): Promise<number> {
  await page.selectOption('[data-testid="sweep-param"]', param);
  await page.fill('[data-testid="sweep-values"]', values.join(','));
  return (await page.evaluate(
    `(${TIME_UNTIL_READY})(${JSON.stringify(['[data-testid="sweep-run"]', values.length])})`,
  )) as number;
}

/** Sets U in the Difficulty section and times until the results are current again, in ms. */
const timeUpperChange = (page: Page, value: number) =>
  timeChange(page, 'param-upper', String(value), 120_000);

const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const range = (from: number, step: number, n: number) =>
  Array.from({ length: n }, (_, i) => Number((from + i * step).toFixed(4)));

export default async function sweepBench(): Promise<string[]> {
  const site = await buildAndServe();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(site.url);
    await waitReady(page);
    await page.setInputFiles('[data-testid="file-input"]', STUDY);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="prediction-table"] tr[data-benchmark="mmlu_pro"]').length >
        0,
      undefined,
      { timeout: 180_000, polling: 50 },
    );
    await waitReady(page, 180_000);
    const workers = await page.evaluate(() => Math.max(1, (navigator.hardwareConcurrency || 1) - 1));
    await page.locator('[data-testid="sweep-run"]').scrollIntoViewIfNeeded();

    // The first sweep starts the pool and sends it the study: timed apart, as a user meets it once.
    const first = await timeSweep(page, 'minA', range(0.5, 0.1, 10));
    const thresholds: number[] = [];
    for (let r = 0; r < REPEATS; r++)
      thresholds.push(await timeSweep(page, 'minA', range(0.51 + r * 0.003, 0.1, 10)));
    const uSweeps: number[] = [];
    for (let r = 0; r < REPEATS; r++)
      uSweeps.push(await timeSweep(page, 'upper', range(0.051 + r * 0.002, 0.05, 10)));

    await page.locator('[data-testid="param-upper"]').scrollIntoViewIfNeeded();
    const separate: number[] = [];
    for (const u of range(0.0505, 0.05, 10)) separate.push(await timeUpperChange(page, u));
    const tenSeparate = separate.reduce((a, b) => a + b, 0);
    const uMedian = median(uSweeps);
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    return [
      `### Sweeps in the page (headless Chromium, MMLU-Pro, ${workers} sweep worker(s); machine shared with other jobs)`,
      '',
      '| measurement | result | goal |',
      '|---|---|---|',
      `| first sweep after import (pool start, study sent, one clustering), 10 values of minA | ${ms(first)} | — |`,
      `| 10-value threshold sweep (minA), median of ${REPEATS} | ${ms(median(thresholds))} | < 1000 ms |`,
      `| 10-value sweep of U (ten re-clusterings), median of ${REPEATS} | ${ms(uMedian)} | < 6000 ms |`,
      `| ten separate U changes in the page, total | ${ms(tenSeparate)} | — |`,
      `| U sweep ÷ ten separate changes | ${(uMedian / tenSeparate).toFixed(2)} | ≤ 0.6 |`,
    ];
  } finally {
    await browser.close();
    await site.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  (await sweepBench()).forEach((l) => console.log(l));
}
