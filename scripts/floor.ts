/**
 * `node bin/run-ts.mjs scripts/floor.ts [count] [delta]`: the part of the suite's error on the logistic and IRT
 * generators that no method can recover (src/core/evaluate/floor.ts), in points per benchmark: mean, median, worst.
 */
import { invisibleQuestionFloor, targetOffsetEffect } from '../src/core/evaluate/floor.ts';

const [count = '16', delta = '0.01'] = process.argv.slice(2);
const line = (name: string, xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const median = (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
  return `| ${name} | ${s.length} | ${mean.toFixed(2)} | ${median.toFixed(2)} | ${s[s.length - 1].toFixed(2)} |`;
};
console.log('| what no method sees | benchmarks | mean | median | worst |');
console.log('|---|---|---|---|---|');
for (const family of ['logistic', 'irt'] as const)
  console.log(
    line(
      `${family}: questions within ${Number(delta) * 100}% of their floor on every ladder model`,
      invisibleQuestionFloor(family, Number(count), Number(delta)),
    ),
  );
console.log(line("irt: the target's own ability offset", targetOffsetEffect(Number(count))));
