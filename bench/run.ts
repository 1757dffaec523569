/** `npm run bench`: every benchmark of the project, one after the other, printed as markdown tables. */
const suites: [string, string][] = [
  ['Import (lm-eval sample logs)', './ingest.ts'],
  ['Clustering', './cluster.ts'],
  ['Fitting', './fit.ts'],
  ['Prediction', './predict.ts'],
  ['CLI processes', './cli.ts'],
  ['One large benchmark', './large.ts'],
  ['Plots', './plots.ts'],
  ['Browser', './browser.ts'],
  ['Sweeps', './sweep.ts'],
];

const only = process.argv.slice(2);
for (const [title, path] of suites) {
  if (only.length && !only.some((o) => path.includes(o))) continue;
  let mod: { default: () => Promise<string[]> };
  try {
    mod = await import(path);
  } catch (e) {
    console.log(`\n## ${title}\n\nskipped: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    continue;
  }
  const t0 = performance.now();
  const lines = await mod.default();
  console.log(`\n## ${title}  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n\n${lines.join('\n')}`);
}
export {};
