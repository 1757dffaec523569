/**
 * The `scalecast` command: dispatches to ./cli/<command>.ts, each exporting its flag `spec` and `run(args)`.
 * Exit codes: 0 ok, 1 error or nothing could be predicted, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import {
  commandHelp,
  EXIT_CODES,
  parseCommandArgs,
  UsageError,
  type CommandSpec,
  type ParsedArgs,
} from './cli/args.ts';

export interface Command {
  spec: CommandSpec;
  run(args: ParsedArgs): Promise<number>;
}

/** Every command, in the order of the top-level help; a new command adds one line here. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  inspect: () => import('./cli/inspect.ts'),
  predict: () => import('./cli/predict.ts'),
  backtest: () => import('./cli/backtest.ts'),
  cluster: () => import('./cli/cluster.ts'),
  fit: () => import('./cli/fit.ts'),
  ablate: () => import('./cli/ablate.ts'),
  sweep: () => import('./cli/sweep.ts'),
  bundle: () => import('./cli/bundle.ts'),
};

/** The version in package.json (one level above both src/ and the built dist/). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

/** The top-level help: every command with its one-line summary, the input formats and the exit codes. */
export async function usage(): Promise<string> {
  const specs = await Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).spec));
  const width = Math.max(...specs.map((s) => s.name.length));
  return [
    'usage: scalecast <command> [files or folders...] [flags]',
    '       scalecast <command> --help    every flag of a command',
    '       scalecast --version',
    '',
    'commands:',
    ...specs.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`),
    '',
    'Files: <name>.models.csv/.scores.csv/.metrics.csv, lm-eval samples_*.jsonl and results_*.json, Inspect .eval/.json,',
    'HELM per_instance_stats.json, OpenCompass results/<model>/<dataset>.json. Folders are read recursively.',
    '',
    EXIT_CODES,
  ].join('\n');
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs the CLI with argv (without node and the script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V' || first === 'version') {
    process.stdout.write(`scalecast ${version()}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const sub = first === 'help' ? rest[0] : undefined;
    if (sub && COMMANDS[sub]) {
      process.stdout.write(commandHelp((await COMMANDS[sub]()).spec) + '\n');
      return 0;
    }
    if (first === undefined) {
      process.stderr.write((await usage()) + '\n');
      return 2;
    }
    process.stdout.write((await usage()) + '\n');
    return 0;
  }
  const load = COMMANDS[first];
  if (!load) {
    const what = first.startsWith('-') ? `unknown flag ${first}` : `unknown command "${first}"`;
    process.stderr.write(`scalecast: ${what}\n${await usage()}\n`);
    return 2;
  }
  const command = await load();
  let args: ParsedArgs;
  try {
    args = parseCommandArgs(command.spec, rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`scalecast ${first}: ${e.message} (see: scalecast ${first} --help)\n`);
    return 2;
  }
  if (args.flags.help) {
    process.stdout.write(commandHelp(command.spec) + '\n');
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`scalecast ${first}: ${e.message} (see: scalecast ${first} --help)\n`);
      return 2;
    }
    process.stderr.write(`scalecast ${first}: ${message(e)}\n`);
    return 1;
  }
}
