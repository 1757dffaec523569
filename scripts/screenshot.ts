/** Regenerates docs/notebook.png: the built app on its built-in example, as a newcomer first sees it. */
import { buildAndServe, launch, waitReady } from '../tests/browser/harness.ts';

const site = await buildAndServe();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(site.url);
  await waitReady(page);
  await page.screenshot({ path: 'docs/notebook.png', fullPage: false });
  console.log('wrote docs/notebook.png');
} finally {
  await browser.close();
  await site.close();
}
