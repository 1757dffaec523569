/** Scatter data preparation for big point sets: pixel placement, quadtree build and hover look-ups. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeScale } from '../src/ui/plots/scales.ts';
import { placePoints, pointIndex } from '../src/ui/plots/placement.ts';

function time(fn: () => void, reps: number): number {
  fn();
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return (performance.now() - t0) / reps;
}

export default async function benchPlots(): Promise<string[]> {
  const lines = ['| points | place (ms) | quadtree (ms) | 1000 hover finds (ms) |', '|---:|---:|---:|---:|'];
  const x = makeScale([0, 1], [56, 1184]);
  const y = makeScale([0, 1], [376, 12]);
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (const n of [5_000, 20_000, 100_000]) {
    const points = Array.from({ length: n }, () => ({ x: rand(), y: rand() }));
    const placed = placePoints(points, x, y);
    const tree = pointIndex(placed);
    const place = time(() => placePoints(points, x, y), 5);
    const build = time(() => pointIndex(placed), 5);
    const find = time(() => {
      for (let k = 0; k < 1000; k++) tree.find(56 + rand() * 1128, 12 + rand() * 364, 10);
    }, 5);
    lines.push(
      `| ${n.toLocaleString('en')} | ${place.toFixed(2)} | ${build.toFixed(2)} | ${find.toFixed(2)} |`,
    );
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  (await benchPlots()).forEach((l) => console.log(l));
