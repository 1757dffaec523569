/**
 * The CLI's one argument parser, driven by a declarative spec per command: each flag is a `switch` (no value), a
 * `value` (one value; a repeat replaces it) or a `list` (repeatable; each occurrence may hold comma-separated items,
 * except `--set key=value` pairs). Unknown flags and missing values are usage errors naming the flag.
 */

export type FlagKind = 'switch' | 'value' | 'list';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  /** One line for `--help`. */
  help: string;
  /** Placeholder of the value in help, e.g. "model" for `--target <model>`. */
  arg?: string;
  /** One-letter alias, e.g. "h" for --help. */
  short?: string;
}

export interface CommandSpec {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** What follows `scalecast <name>` in the usage line, e.g. "<file|folder>... --target <model>". */
  usage: string;
  flags: FlagSpec[];
  /** Extra lines printed after the flags (notations, examples). */
  notes?: string[];
}

export interface ParsedArgs {
  /** The command, undefined when none. */
  command: string | undefined;
  /** Positionals after the command. */
  positional: string[];
  /** Switches → true; value flags → their value; list flags → their items joined by ",". */
  flags: Record<string, string | true>;
  /** Every item of each list flag, in order. */
  lists: Record<string, string[]>;
  /** Every `--set key=value`, in order (a repeated key keeps the last value). */
  set: Record<string, string>;
}

/** A command-line mistake: the CLI prints it with a pointer to --help and exits 2. */
export class UsageError extends Error {}

export const HELP_FLAG: FlagSpec = {
  name: 'help',
  short: 'h',
  kind: 'switch',
  help: 'print this help and exit',
};
export const JSON_FLAG: FlagSpec = {
  name: 'json',
  kind: 'switch',
  help: 'print one JSON object instead of text',
};
export const SET_FLAG: FlagSpec = {
  name: 'set',
  kind: 'list',
  arg: 'key=value',
  help: 'a method parameter as on the page (quantile=0.1, law=f2, …); repeatable',
};

/** The flags every command accepts, whatever its spec says. */
const COMMON: FlagSpec[] = [HELP_FLAG];

function flagsOf(spec: CommandSpec): Map<string, FlagSpec> {
  const byName = new Map<string, FlagSpec>();
  for (const f of [...COMMON, ...spec.flags]) {
    byName.set(f.name, f);
    if (f.short) byName.set(f.short, f);
  }
  return byName;
}

/**
 * Parses the arguments after the command name against the command's spec. Throws a UsageError naming the flag for
 * an unknown flag, a value flag without its value, a switch given a value, or `--set` without "=".
 */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const byName = flagsOf(spec);
  const out: ParsedArgs = { command: spec.name, positional: [], flags: {}, lists: {}, set: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-' || /^-\.?\d/.test(a)) {
      out.positional.push(a);
      continue;
    }
    const long = a.startsWith('--');
    const body = a.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const flag = byName.get(name);
    if (!flag || (!long && flag.short !== name) || (long && flag.name !== name)) {
      throw new UsageError(`unknown flag ${a.split('=')[0]}`);
    }
    const display = `--${flag.name}`;
    if (flag.kind === 'switch') {
      if (eq >= 0) throw new UsageError(`${display} is a switch and takes no value`);
      out.flags[flag.name] = true;
      continue;
    }
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`${display} needs a value${flag.arg ? ` <${flag.arg}>` : ''}`);
      }
      value = next;
      i++;
    }
    if (flag.kind === 'value') {
      out.flags[flag.name] = value;
      continue;
    }
    const items =
      flag.name === 'set'
        ? [value]
        : value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    if (flag.name === 'set') {
      const k = value.indexOf('=');
      if (k <= 0) throw new UsageError(`--set expects key=value, got "${value}"`);
      out.set[value.slice(0, k).trim()] = value.slice(k + 1).trim();
    }
    (out.lists[flag.name] ??= []).push(...items);
    out.flags[flag.name] = out.lists[flag.name].join(',');
  }
  return out;
}

/** The items of a list flag ([] when absent). */
export function listOf(args: ParsedArgs, name: string): string[] {
  return args.lists[name] ?? [];
}

/** `scalecast <command> --help`: the usage line, the summary, then every flag on one line each. */
export function commandHelp(spec: CommandSpec): string {
  const flags = [...spec.flags, ...COMMON];
  const left = flags.map(
    (f) =>
      (f.short ? `-${f.short}, ` : '    ') +
      `--${f.name}` +
      (f.kind === 'switch' ? '' : ` <${f.arg ?? 'value'}>`) +
      (f.kind === 'list' ? '…' : ''),
  );
  const width = Math.max(...left.map((l) => l.length));
  return [
    `usage: scalecast ${spec.name} ${spec.usage}`,
    '',
    spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.',
    '',
    'flags:',
    ...flags.map((f, i) => `  ${left[i].padEnd(width)}  ${f.help}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
    '',
    EXIT_CODES,
  ].join('\n');
}

export const EXIT_CODES = 'exit codes: 0 ok, 1 error or nothing could be predicted, 2 usage error';
