/**
 * Browser benchmark: builds and serves the app, then in headless Chromium measures the example's first render,
 * importing the 12,032-question MMLU-Pro study, a threshold change (cached clusterings: target < 200 ms), a
 * bandwidth change (re-clustering: target < 0.5 s), each until every result on screen is current, and importing one
 * benchmark of 100,000 noisy questions × 9 models; beside each, the page thread's longest task (PerformanceObserver
 * "longtask": the page stays responsive when none is long).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { SHARED, buildAndServe, launch, waitReady } from '../tests/browser/harness.ts';
import { writeLargeStudy } from './cli.ts';

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

// Records the page thread's long tasks (> 50 ms) from the first script on; a string for the same reason as above.
const RECORD_LONG_TASKS = `window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push(e.duration);
}).observe({ type: 'longtask', buffered: true });`;

// The page's time (ms) when difficulty, clusters and mapping are all current, which may precede the prediction.
const RECORD_COD_SECTIONS = `window.__codSections = 0;
new MutationObserver((_, observer) => {
  const current = ['difficulty', 'clusters', 'mapping'].every((s) =>
    document.querySelector('details[data-section="' + s + '"][data-status="current"]'));
  if (current) { window.__codSections = performance.now(); observer.disconnect(); }
}).observe(document, { subtree: true, childList: true, attributes: true });`;

/**
 * Gzipped bytes of the JavaScript and CSS the page itself loaded so far (its entry, the chunks it imports, the
 * styles; not the workers' code, which loads on their own threads), read from the built files.
 */
async function loadedGz(page: Page, dir: string): Promise<number> {
  const urls = (await page.evaluate(
    "performance.getEntriesByType('resource').map((r) => r.name).concat([...document.scripts].map((s) => s.src), [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href))",
  )) as string[];
  const files = new Set(
    urls
      .map((u) => new URL(u).pathname.split('/').pop() ?? '')
      .filter((f) => /\.(js|css)$/.test(f) && !f.includes('.worker')),
  );
  const assets = new Set(readdirSync(join(dir, 'assets')));
  return [...files]
    .filter((f) => assets.has(f))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, 'assets', f))).length, 0);
}

/** The page thread's long tasks since the last call: the longest and their sum, in ms. */
async function longTasks(page: Page): Promise<{ longest: number; total: number }> {
  const d = (await page.evaluate('window.__longTasks.splice(0)')) as number[];
  return { longest: Math.max(0, ...d), total: d.reduce((s, x) => s + x, 0) };
}

/** Fresh pages (each its own browser context: no saved session) whose first render is timed. */
const FIRST_RENDERS = Number(process.env.SCALECAST_BENCH_FIRST_RENDERS ?? 5);

const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const spread = (v: number[]) =>
  `${median(v).toFixed(0)} ms (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`;

/**
 * Opens the page in a fresh context and times until every section is current (ms since navigation), until COD's
 * sections (difficulty, clusters, mapping) are, and until the page's workers have computed the example's answer
 * themselves (the page shows the one computed at build time first, and checks it against theirs).
 */
async function firstRender(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(RECORD_LONG_TASKS);
  await page.addInitScript(RECORD_COD_SECTIONS);
  const t0 = Date.now();
  await page.goto(url);
  await waitReady(page);
  const ms = Date.now() - t0;
  const [codAt, origin] = (await page.evaluate('[window.__codSections, performance.timeOrigin]')) as number[];
  const long = await longTasks(page);
  await page.waitForFunction(() => document.body.dataset.exampleCheck !== 'pending', undefined, {
    timeout: 120_000,
    polling: 50,
  });
  const workersMs = Date.now() - t0;
  const check = (await page.evaluate('document.body.dataset.exampleCheck')) as string;
  return { page, ms, codMs: codAt + origin - t0, long, workersMs, check };
}

/** Minutes the 100,000-question import may take before the bench gives up on it and says so. */
const LARGE_LIMIT_MIN = Number(process.env.SCALECAST_BENCH_LARGE_MIN ?? 20);

export default async function browserBench(): Promise<string[]> {
  const site = await buildAndServe();
  const browser = await launch();
  try {
    // One page at a time, as a visitor opens it: a page left open would still be computing beside the next one.
    const first = [];
    for (let i = 0; i < FIRST_RENDERS; i++) {
      first.push(await firstRender(browser, site.url));
      if (i < FIRST_RENDERS - 1) await first[i].page.close();
    }
    const page = first.at(-1)?.page as Page;
    const initialGz = await loadedGz(page, site.dir);
    const firstLong = {
      longest: Math.max(...first.map((f) => f.long.longest)),
      total: median(first.map((f) => f.long.total)),
    };

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
    const importLong = await longTasks(page);
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
    const changesLong = await longTasks(page);
    const large = await importLarge(browser, site.url);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    const row = (
      what: string,
      time: string,
      long: { longest: number; total: number } | null,
      target: string,
    ) =>
      `| ${what} | ${time} | ${long ? `${ms(long.longest)} (${ms(long.total)} in all)` : '—'} | ${target} |`;
    return [
      `### Browser (headless Chromium, MMLU-Pro study: ${questions} questions)`,
      '',
      '| measurement | result | longest page-thread task | target |',
      '|---|---|---|---|',
      `| JS+CSS the page loads for its first render (gzip; the workers' code apart) | ${(initialGz / 1024).toFixed(1)} KB | — | < 250 KB |`,
      row(
        `example notebook rendered after navigation, every section current (median and range of ${first.length} fresh pages)`,
        `${spread(first.map((f) => f.ms))} (COD's sections current at ${spread(first.map((f) => f.codMs))}; the workers' own answer in at ${spread(first.map((f) => f.workersMs))}, against the shipped one: ${[...new Set(first.map((f) => f.check))].join(', ')})`,
        firstLong,
        '< 1500 ms',
      ),
      row('import of the study (6.3 MB CSV) until all results current', ms(importMs), importLong, '—'),
      row(`threshold change (median of ${thresholds.length})`, ms(median(thresholds)), null, '< 200 ms'),
      row(
        `re-clustering after a bandwidth change (median of ${reclusters.length})`,
        ms(median(reclusters)),
        changesLong,
        '< 500 ms',
      ),
      row(
        'import of one benchmark of 100,000 noisy questions × 9 models until all results current',
        large.ms === null ? `> ${LARGE_LIMIT_MIN} min (stopped)` : ms(large.ms),
        large.long,
        'page responsive',
      ),
    ];
  } finally {
    await browser.close();
    await site.close();
  }
}

/**
 * Imports the 100,000-question benchmark (bench/cli.ts) into a fresh page showing the example; ms until every result
 * is current (null past the limit), and the page thread's long tasks meanwhile.
 */
async function importLarge(
  browser: Browser,
  url: string,
): Promise<{ ms: number | null; long: { longest: number; total: number } }> {
  const dir = mkdtempSync(join(tmpdir(), 'scalecast-bench-browser-large-'));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const { models, scores } = writeLargeStudy(dir);
    await page.addInitScript(RECORD_LONG_TASKS);
    await page.goto(url);
    await waitReady(page);
    await longTasks(page);
    const t0 = Date.now();
    await page.setInputFiles('[data-testid="file-input"]', [models, scores]);
    let done: number | null = null;
    try {
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="prediction-table"] tr[data-benchmark="large"]').length > 0,
        undefined,
        { timeout: LARGE_LIMIT_MIN * 60_000, polling: 200 },
      );
      await waitReady(page, LARGE_LIMIT_MIN * 60_000);
      done = Date.now() - t0;
    } catch {
      done = null;
    }
    return { ms: done, long: await longTasks(page) };
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  (await browserBench()).forEach((l) => console.log(l));
}
