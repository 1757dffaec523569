/**
 * Prints the built-in example's first answer as text (src/core/pipeline/answers.ts): the build ships it so the page
 * shows the example at once (vite.config.ts, `virtual:example-answer`). `node bin/run-ts.mjs scripts/example-answer.ts`
 */
import { encodeAnswer } from '../src/core/pipeline/answers.ts';
import { computeExampleAnswer } from '../src/core/pipeline/example-answer.ts';

process.stdout.write(encodeAnswer(await computeExampleAnswer()));
