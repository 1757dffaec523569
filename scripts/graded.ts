/**
 * `npx tsx scripts/graded.ts`: prints the accuracy report's section on graded signals from greedy multiple-choice
 * logs (the same seeded cases `npm run report` writes into docs/ACCURACY.md), without the rest of the report.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradedCases, gradedSection, runGradedCase } from '../src/core/evaluate/graded.ts';
import { realChoiceLadders } from './graded-real.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cases = gradedCases(24, 500);
const rows = cases.flatMap((c) => runGradedCase(c, ['cod', 'default']));
const real = await realChoiceLadders(resolve(repo, '../shared/data'));
process.stdout.write(gradedSection(cases, rows, real).join('\n') + '\n');
