/** A small argv parser: positionals, `--flag value`, `--flag=value`, repeated `--set key=value`, boolean flags. */

export interface ParsedArgs {
  /** First positional (the command), undefined when none. */
  command: string | undefined;
  /** Positionals after the command. */
  positional: string[];
  /** `--name value` / `--name=value` → string; boolean flags → true. Later repeats win. */
  flags: Record<string, string | true>;
  /** Every `--set key=value`, in order. */
  set: Record<string, string>;
}

/** Flags that never take a value. */
export const BOOLEAN_FLAGS = new Set(['json', 'help', 'h', 'verbose', 'quiet', 'version', 'no-registry']);

/** Parses argv (without node and the script). Throws an Error on `--set` without "=" or a value flag at the end. */
export function parseArgs(argv: string[], booleans: ReadonlySet<string> = BOOLEAN_FLAGS): ParsedArgs {
  const out: ParsedArgs = { command: undefined, positional: [], flags: {}, set: {} };
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      pos.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-' || /^-\d/.test(a)) {
      pos.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    let value: string | true;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (booleans.has(name)) value = true;
    else {
      if (i + 1 >= argv.length) throw new Error(`--${name} needs a value`);
      value = argv[++i];
    }
    if (name === 'set') {
      const s = String(value);
      const k = s.indexOf('=');
      if (k <= 0) throw new Error(`--set expects key=value, got "${s}"`);
      out.set[s.slice(0, k)] = s.slice(k + 1);
    } else out.flags[name] = value;
  }
  out.command = pos.shift();
  out.positional = pos;
  return out;
}
