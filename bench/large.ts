/** `npm run bench large`: one benchmark of 100,000 noisy questions × 9 models through `scalecast predict`, default and COD (bench/cli.ts). */
export { benchLargePredict as default } from './cli.ts';
