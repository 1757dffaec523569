/**
 * Shared by the browser tests and bench/browser.ts: builds the app once with vite's build() into a temp dir,
 * serves it from a sub-path with a tiny static server (as a static host would), and launches Chromium.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error plain .mjs helper without types
import { chromiumPath } from '../../scripts/chromium.mjs';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED = resolve(REPO, '../shared');
export const BASE_PATH = '/team/scalecast/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export interface Site {
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** Builds the app into a fresh temp dir and serves it at http://127.0.0.1:<port>/team/scalecast/. */
export async function buildAndServe(): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), 'scalecast-build-'));
  await build({
    root: REPO,
    configFile: join(REPO, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true },
  });
  const served = await serveStatic(dir, BASE_PATH);
  return {
    url: served.url,
    dir,
    close: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A plain static host of `dir` at the path `base` on 127.0.0.1 (index.html for folders, 404 outside `base`);
 * `cors` adds Access-Control-Allow-Origin to every answer.
 */
export async function serveStatic(
  dir: string,
  base: string,
  cors = false,
): Promise<{ url: string; origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const headers: Record<string, string> = cors ? { 'access-control-allow-origin': '*' } : {};
    let file = normalize(join(dir, path.slice(base.length)));
    if (!path.startsWith(base) || !file.startsWith(dir))
      return void res.writeHead(404, headers).end('not found');
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res
        .writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url: origin + base, origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Headless Chromium. `--disable-features=PreloadTopChromeWebUI` keeps every new window (each test or bench context)
 * from preloading Chromium's own omnibox popup page (chrome://omnibox-popup.top-chrome) in a second renderer that
 * runs beside the page while it loads; under load its effect on the example's first render was within the noise.
 */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath() ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=PreloadTopChromeWebUI',
    ],
  });
}

/** Resolves once document.body.dataset.state is "ready" (all results on screen current). */
export async function waitReady(page: import('playwright-core').Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, {
    timeout,
    polling: 50,
  });
}
