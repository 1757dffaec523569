/**
 * Regenerates docs/notebook.png: the built app on its built-in example, as a newcomer first sees it.
 * `node bin/run-ts.mjs scripts/screenshot.ts <out.png> full` writes the whole page elsewhere instead.
 */
import { buildAndServe, launch, waitReady } from '../tests/browser/harness.ts';

const out = process.argv[2] ?? 'docs/notebook.png';
const site = await buildAndServe();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await waitReady(page);
  await page.screenshot({ path: out, fullPage: process.argv[3] === 'full' });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await site.close();
}
