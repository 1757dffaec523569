/**
 * Browser benchmark: builds and serves the app, then in headless Chromium measures the example's first render,
 * importing the 12,032-question MMLU-Pro study, a threshold change (cached clusterings: target < 200 ms) and a
 * bandwidth change (re-clustering: target < 1.5 s), each until every result on screen is current.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { SHARED, buildAndServe, launch, waitReady } from '../tests/browser/harness.ts';

const STUDY = ['mmlu_pro.models.csv', 'mmlu_pro.scores.csv'].map((f) => join(SHARED, 'data/studies', f));

// A string, not a function: tsx would inject helpers (__name) that do not exist in the page.
const TIME_CHANGE = `([id, v, limitMs]) => new Promise((resolve, reject) => {
  const input = document.querySelector('[data-testid="' + id + '"]');
  const body = document.body;
  const t0 = performance.now();
  let sawBusy = false;
  const timer = setTimeout(() => reject(new Error(id + ': not ready after ' + limitMs / 1000 + ' s')), limitMs);
  const observer = new MutationObserver(() => check());
  const check = () => {
    if (body.dataset.state === 'busy') sawBusy = true;
    else if (sawBusy && body.dataset.state === 'ready') {
      clearTimeout(timer);
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  };
  observer.observe(body, { attributes: true, attributeFilter: ['data-state'] });
  input.value = v;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  check();
})`;

/** Sets a numeric control in the page and times until every result is current again (next frame), in ms. */
export async function timeChange(
  page: Page,
  testid: string,
  value: string,
  limitMs = 60_000,
): Promise<number> {
  return (await page.evaluate(`(${TIME_CHANGE})(${JSON.stringify([testid, value, limitMs])})`)) as number;
}

export default async function browserBench(): Promise<string[]> {
  const site = await buildAndServe();
  const browser = await launch();
  try {
    const assets = readdirSync(join(site.dir, 'assets'));
    const html = readFileSync(join(site.dir, 'index.html'), 'utf8');
    const initial = assets.filter((a) => html.includes(a) && (a.endsWith('.js') || a.endsWith('.css')));
    const initialGz = initial.reduce(
      (s, a) => s + gzipSync(readFileSync(join(site.dir, 'assets', a))).length,
      0,
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    await page.goto(site.url);
    await waitReady(page);
    const firstRender = Date.now() - t0;

    const t1 = Date.now();
    await page.setInputFiles('[data-testid="file-input"]', STUDY);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="prediction-table"] tr[data-benchmark="mmlu_pro"]').length >
        0,
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    await waitReady(page, 120_000);
    const importMs = Date.now() - t1;
    const questions = await page
      .locator('[data-testid="section-difficulty"] dl.numbers div', { hasText: 'Questions' })
      .locator('dd')
      .first()
      .textContent();

    const thresholds: number[] = [];
    const reclusters: number[] = [];
    for (const [a, q] of [
      ['0.8', '0.12'],
      ['1.2', '0.08'],
      ['1', '0.1'],
    ]) {
      thresholds.push(await timeChange(page, 'param-min-a', a));
      reclusters.push(await timeChange(page, 'param-quantile', q));
    }
    const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
    const row = (what: string, ms: number, target: string) => `| ${what} | ${ms.toFixed(0)} ms | ${target} |`;
    return [
      `### Browser (headless Chromium, MMLU-Pro study: ${questions} questions)`,
      '',
      '| measurement | result | target |',
      '|---|---|---|',
      `| initial JS+CSS (gzip) | ${(initialGz / 1024).toFixed(1)} KB | < 250 KB |`,
      row('example notebook rendered after navigation', firstRender, '< 2000 ms'),
      row('import of the study (6.3 MB CSV) until all results current', importMs, '—'),
      row(`threshold change (median of ${thresholds.length})`, median(thresholds), '< 200 ms'),
      row(
        `re-clustering after a bandwidth change (median of ${reclusters.length})`,
        median(reclusters),
        '< 1500 ms',
      ),
    ];
  } finally {
    await browser.close();
    await site.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  (await browserBench()).forEach((l) => console.log(l));
}
