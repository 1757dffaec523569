/** The `scalecast` command: dispatches to ./cli/<command>.ts, each exporting `run(args): Promise<number>`. */
import { parseArgs, type ParsedArgs } from './cli/args.ts';

const COMMANDS: Record<string, string> = {
  inspect: 'read files or folders and print the study: models, compute, benchmarks, warnings',
  predict: 'predict a target model’s benchmark scores from a ladder',
  cluster: 'cluster a benchmark’s questions by difficulty',
  fit: 'fit the scaling law of each cluster',
  backtest: 'hold back known models and measure the prediction error',
  ablate: 'compare clustering algorithms and law variants (the paper’s Tables 3 and 4)',
  sweep: 'predict for each value of one or two parameters (--param key --values v1,v2,…)',
};

const loaders: Record<string, () => Promise<{ run(args: ParsedArgs): Promise<number> }>> = {
  inspect: () => import('./cli/inspect.ts'),
  predict: () => import('./cli/predict.ts'),
  cluster: () => import('./cli/cluster.ts'),
  fit: () => import('./cli/fit.ts'),
  backtest: () => import('./cli/backtest.ts'),
  ablate: () => import('./cli/ablate.ts'),
  sweep: () => import('./cli/sweep.ts'),
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: scalecast <command> [files or folders...] [--json] [--flag value] [--set key=value]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([c, d]) => `  ${c.padEnd(width)}  ${d}`),
    '',
    'Files: <name>.models.csv/.scores.csv/.metrics.csv, lm-eval samples_*.jsonl and results_*.json, Inspect .eval/.json,',
    'HELM per_instance_stats.json, OpenCompass results/<model>/<dataset>.json. Folders are read recursively.',
  ].join('\n');
}

/** Runs the CLI with argv (without node and the script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`scalecast: ${e instanceof Error ? e.message : String(e)}\n${usage()}\n`);
    return 2;
  }
  if (
    !args.command ||
    args.command === 'help' ||
    ((args.flags.help || args.flags.h) && !loaders[args.command])
  ) {
    process.stdout.write(usage() + '\n');
    return args.command || args.flags.help || args.flags.h ? 0 : 2;
  }
  const load = loaders[args.command];
  if (!load) {
    process.stderr.write(`scalecast: unknown command "${args.command}"\n${usage()}\n`);
    return 2;
  }
  const mod = await load();
  try {
    return await mod.run(args);
  } catch (e) {
    process.stderr.write(`scalecast ${args.command}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
