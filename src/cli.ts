/** The `scalecast` command: dispatches to ./cli/<command>.ts, each exporting `run(args): Promise<number>`. */
import { parseArgs, type ParsedArgs } from './cli/args.ts';

const COMMANDS: Record<string, string> = {
  inspect: 'read files or folders and print the study: models, compute, benchmarks, warnings',
  predict: 'predict a target model’s benchmark scores from a ladder',
  cluster: 'cluster a benchmark’s questions by difficulty',
  fit: 'fit the scaling law of each cluster',
  backtest: 'hold back known models and measure the prediction error',
};

const loaders: Record<string, () => Promise<{ run(args: ParsedArgs): Promise<number> }>> = {
  inspect: () => import('./cli/inspect.ts'),
  predict: () => import(/* @vite-ignore */ './cli/' + 'predict.ts'),
  cluster: () => import(/* @vite-ignore */ './cli/' + 'cluster.ts'),
  fit: () => import(/* @vite-ignore */ './cli/' + 'fit.ts'),
  backtest: () => import(/* @vite-ignore */ './cli/' + 'backtest.ts'),
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
  let mod: { run(args: ParsedArgs): Promise<number> };
  try {
    mod = await load();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/Cannot find module|ERR_MODULE_NOT_FOUND|Failed to load|does not exist/i.test(msg)) {
      process.stderr.write(`scalecast: the "${args.command}" command is not available in this build yet\n`);
      return 3;
    }
    throw e;
  }
  try {
    return await mod.run(args);
  } catch (e) {
    process.stderr.write(`scalecast ${args.command}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
