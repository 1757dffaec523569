/**
 * Sharing in Chromium: a bundle written by the CLI and served from a sub-path predicts what `predict --json`
 * does; a copied link reproduces the view in a fresh browser; exports download; ?data= loads; Publish builds a
 * site that works; the Content-Security-Policy holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser, Download, Page } from 'playwright-core';
import { SHARED, buildAndServe, launch, serveStatic, waitReady, type Site } from './harness.ts';
import { runCli as cli } from '../unit/cli/helpers.ts';

const STUDY = ['pythia_arith.models.csv', 'pythia_arith.scores.csv'].map((f) =>
  join(SHARED, 'data/studies', f),
);
const TARGET = 'pythia-12b-deduped@143000';
const SETTINGS = ['--set', 'minClusterSize=8', '--set', 'quantile=0.12'];

interface Row {
  benchmark: string;
  method: string;
  predicted: number;
}

async function predictions(p: Page): Promise<Row[]> {
  return p.$$eval('[data-testid="prediction-table"] tr[data-method]', (rows) =>
    rows.map((r) => ({
      benchmark: (r as HTMLElement).dataset.benchmark as string,
      method: (r as HTMLElement).dataset.method as string,
      predicted: (r as HTMLElement).dataset.predicted ? Number((r as HTMLElement).dataset.predicted) : NaN,
    })),
  );
}

/** Waits for the arithmetic study's predictions, computed and current. */
async function arithReady(p: Page): Promise<void> {
  await p.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="prediction-table"] tr[data-benchmark^="arith_"]').length > 0,
    undefined,
    { timeout: 90_000 },
  );
  await waitReady(p, 90_000);
}

async function downloaded(p: Page, click: () => Promise<unknown>): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = (await Promise.all([p.waitForEvent('download'), click()])) as [Download, unknown];
  return { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) };
}

/** Deep equality with numbers equal to 1e-6 (relative): the page and the CLI sum in different orders. */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
  } else if (expected && typeof expected === 'object') {
    expect(typeof actual, path).toBe('object');
    const keys = Object.keys(expected as object);
    expect(Object.keys(actual as object).sort(), path).toEqual(keys.sort());
    for (const k of keys) expectClose((actual as never)[k], (expected as never)[k], `${path}.${k}`);
  } else expect(actual, path).toEqual(expected);
}

let site: Site;
let browser: Browser;
let bundleDir: string;
let hosted: Awaited<ReturnType<typeof serveStatic>>;
let cliJson: { target: string; benchmarks: { benchmark: string; predicted: number | null }[] };
const temp: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  [site, browser] = await Promise.all([buildAndServe(), launch()]);
  bundleDir = mkdtempSync(join(tmpdir(), 'scalecast-bundle-'));
  temp.push(bundleDir);
  const out = join(bundleDir, 'site');
  const made = await cli([
    'bundle',
    ...STUDY,
    '--out',
    out,
    '--app',
    site.dir,
    '--target',
    TARGET,
    ...SETTINGS,
    '--title',
    'Pythia <arith>',
  ]);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  hosted = await serveStatic(out, '/pub/pythia/', true);
  const predicted = await cli([
    'predict',
    ...STUDY,
    '--target',
    TARGET,
    '--method',
    'cod',
    ...SETTINGS,
    '--json',
  ]);
  expect(predicted.code).toBe(0);
  cliJson = JSON.parse(predicted.stdout);
});

afterAll(async () => {
  await browser?.close();
  await hosted?.close();
  await site?.close();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  p.on('pageerror', (e) => pageErrors.push(e.message));
  return p;
}

describe('a published analysis', () => {
  let page: Page;
  let published: Row[];

  it('opens on the analysis from a sub-path and predicts what `predict --json` does', async () => {
    page = await freshPage();
    await page.goto(hosted.url);
    await arithReady(page);
    expect(await page.textContent('[data-testid="published-title"]')).toBe('Pythia <arith>');
    published = await predictions(page);
    const cod = published.filter((r) => r.method === 'cod');
    expect(cod.map((r) => r.benchmark)).toEqual(cliJson.benchmarks.map((b) => b.benchmark));
    for (const b of cliJson.benchmarks) {
      const row = cod.find((r) => r.benchmark === b.benchmark)!;
      expect(row.predicted).toBeCloseTo(b.predicted ?? NaN, 6);
    }
    const json = await downloaded(page, () => page.click('[data-testid="export-predictions-json"]'));
    expect(json.name).toMatch(/\.predictions\.json$/);
    expectClose(JSON.parse(json.bytes.toString('utf8')), cliJson);
    expect(pageErrors).toEqual([]);
  });

  it('gives a short link that reproduces the changed view in a fresh browser, and resets', async () => {
    await page.selectOption('[data-testid="benchmark-select"]', 'arith_2shot');
    await page.fill('[data-testid="param-quantile"]', '0.2');
    await page.waitForFunction(() =>
      (document.querySelector('[data-testid="share-link"]') as HTMLInputElement | null)?.value.includes(
        'quantile=0.2',
      ),
    );
    await waitReady(page, 90_000);
    const changed = await predictions(page);
    expect(changed).not.toEqual(published);
    const link = await page.inputValue('[data-testid="share-link"]');
    expect(link.startsWith(hosted.url)).toBe(true);
    expect(link.length - hosted.url.length).toBeLessThanOrEqual(300);
    expect(link).toContain('bench=arith_2shot');
    expect(link).toContain('minClusterSize=8');

    const other = await freshPage();
    await other.goto(link);
    await arithReady(other);
    expect(await predictions(other)).toEqual(changed);
    expect(await other.inputValue('[data-testid="param-quantile"]')).toBe('0.2');
    await other.context().close();

    await page.click('[data-testid="reset-published"]');
    await page.waitForFunction(
      () =>
        !(document.querySelector('[data-testid="share-link"]') as HTMLInputElement).value.includes(
          'quantile=0.2',
        ),
    );
    await waitReady(page, 90_000);
    expect(await predictions(page)).toEqual(published);
  });

  it('names and ignores bad link values, keeping the rest', async () => {
    const p = await freshPage();
    await p.goto(
      `${hosted.url}?target=${encodeURIComponent(TARGET)}&quantile=lots&minClusterSize=8&quantile2=1`,
    );
    await arithReady(p);
    const messages = await p.textContent('[data-testid="share-messages"]');
    expect(messages).toMatch(/quantile must be a number.*"lots"; ignored/);
    expect(messages).toMatch(/unknown link parameter "quantile2"/);
    expect(await p.inputValue('[data-testid="param-quantile"]')).toBe('0.1');
    await p.context().close();
  });

  it('exports the prediction table, every table as CSV and every plot as SVG and PNG', async () => {
    const csv = await downloaded(page, () => page.click('[data-testid="export-predictions-csv"]'));
    const lines = csv.bytes.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('benchmark,method,predicted,low,high,actual');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[1], r[2] === '' ? NaN : Number(r[2])])).toEqual(
      published.map((r) => [r.benchmark, r.method, r.predicted]),
    );
    for (const r of rows)
      for (const v of r.slice(2)) if (v !== '') expect(Number(v)).toBeGreaterThanOrEqual(0);

    await page.click('[data-testid="exports-prediction"] > summary');
    const menu = page.locator('[data-testid="exports-prediction"]');
    const table = await downloaded(page, () => menu.locator('[data-export="csv"]').first().click());
    expect(table.bytes.toString('utf8').split('\n')[0]).toBe(
      'Benchmark,Method,Predicted,95% interval,Actual,Error,Notes',
    );
    const svg = await downloaded(page, () => menu.locator('[data-export="svg"]').first().click());
    const text = svg.bytes.toString('utf8');
    expect(text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toContain('>score<'); // the axis label
    expect(text).toContain('class="legend"');
    expect(text).toContain('>COD<');
    const png = await downloaded(page, () => menu.locator('[data-export="png"]').first().click());
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    await page.click('[data-testid="exports-difficulty"] > summary');
    const scatter = await downloaded(page, () =>
      page.locator('[data-testid="exports-difficulty"] [data-export="svg"]').first().click(),
    );
    expect(scatter.bytes.toString('utf8')).toMatch(/<svg[\s\S]*<\/svg>$/);
  });

  it('publishes itself as a zip that works from another sub-path', async () => {
    const zip = await downloaded(page, () => page.click('[data-testid="publish"]'));
    expect(zip.name).toMatch(/\.zip$/);
    const files = unzipSync(new Uint8Array(zip.bytes));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['index.html', 'analysis.json', 'study.scalecast.json.gz', 'app-files.json']),
    );
    const dir = mkdtempSync(join(tmpdir(), 'scalecast-published-'));
    temp.push(dir);
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const again = await serveStatic(dir, '/other/place/');
    try {
      const p = await freshPage();
      await p.goto(again.url);
      await arithReady(p);
      expect(await predictions(p)).toEqual(published);
      await p.context().close();
    } finally {
      await again.close();
    }
  });

  it('runs under its Content-Security-Policy: no inline script, no eval, no other origin', async () => {
    const policies = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (m) =>
      m.map((x) => (x as HTMLMetaElement).content),
    );
    expect(policies.some((p) => p.includes("script-src 'self'") && !p.includes('unsafe-eval'))).toBe(true);
    expect(policies).toContain("connect-src 'self'");
    const result = await page.evaluate(async (other) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.append(s);
      // A string timer is eval in disguise; it runs outside the test driver's own evaluation.
      setTimeout('window.__evaluated = true', 0);
      let fetched = 'ok';
      try {
        await fetch(other);
      } catch {
        fetched = 'blocked';
      }
      await new Promise((r) => setTimeout(r, 200));
      const w = window as { __injected?: boolean; __evaluated?: boolean };
      return {
        injected: w.__injected ?? false,
        evaluated: w.__evaluated ?? false,
        fetched,
        violations,
      };
    }, `${site.url}index.html`);
    expect(result.injected).toBe(false);
    expect(result.evaluated).toBe(false);
    expect(result.fetched).toBe('blocked');
    expect(result.violations).toEqual(
      expect.arrayContaining(['script-src-elem', 'script-src', 'connect-src']),
    );
    await page.context().close();
  });
});

describe('?data= on the hosted app', () => {
  it('loads results files zipped next to the page (a relative URL)', async () => {
    const zip = zipSync(
      Object.fromEntries(STUDY.map((f) => [`study/${f.split('/').at(-1)}`, new Uint8Array(readFileSync(f))])),
    );
    writeFileSync(join(site.dir, 'arith.zip'), zip);
    const p = await freshPage();
    await p.goto(
      `${site.url}?data=arith.zip&target=${encodeURIComponent(TARGET)}&minClusterSize=8&quantile=0.12`,
    );
    await arithReady(p);
    const rows = (await predictions(p)).filter((r) => r.method === 'cod');
    for (const b of cliJson.benchmarks)
      expect(rows.find((r) => r.benchmark === b.benchmark)!.predicted).toBeCloseTo(b.predicted ?? NaN, 6);
    expect(await p.inputValue('[data-testid="share-link"]')).toContain('data=arith.zip');
    await p.context().close();
  });

  it('loads a study from another origin (an absolute URL) and lets only that origin through', async () => {
    const p = await freshPage();
    await p.goto(`${site.url}?data=${encodeURIComponent(`${hosted.url}study.scalecast.json.gz`)}`);
    await arithReady(p);
    const policies = await p.$$eval('meta[http-equiv="Content-Security-Policy"]', (m) =>
      m.map((x) => (x as HTMLMetaElement).content),
    );
    expect(policies, JSON.stringify(policies)).toContain(`connect-src 'self' ${hosted.origin}`);
    await p.context().close();
  });

  it('says which URL failed and why', async () => {
    const p = await freshPage();
    await p.goto(`${site.url}?data=missing.zip`);
    await waitReady(p, 90_000);
    expect(await p.textContent('[data-testid="share-messages"]')).toContain(
      'Could not load missing.zip: HTTP 404',
    );
    await p.goto(`${site.url}?data=${encodeURIComponent('http://127.0.0.1:9/x.zip')}`);
    await waitReady(p, 90_000);
    expect(await p.textContent('[data-testid="share-messages"]')).toMatch(
      /Could not load http:\/\/127\.0\.0\.1:9\/x\.zip: /,
    );
    await p.context().close();
  });
});
