/**
 * `scalecast sweep <files> --target <model> --param <key> --values v1,v2,… [--param2 <key> --values2 …]
 * [--method m[,m2…]] [--set k=v]… [--json]`: the prediction for each value, every row as `predict --set key=value`.
 */
import {
  checkSweepMethods,
  parseSweepValues,
  sweep,
  type SweepRow,
  type SweepValue,
} from '../core/evaluate/sweep.ts';
import { JSON_FLAG, SET_FLAG, type CommandSpec, type ParsedArgs } from './args.ts';
import { INPUT_FLAGS, loadStudy, paramsOf, targetFlags } from './load.ts';
import { COMPUTE_NOTATIONS } from './numeric.ts';
import { resolveTarget } from './predict.ts';

const USAGE =
  'scalecast sweep <file|folder>... --target <model> [--target-flops F] --param <key> --values v1,v2,… ' +
  '[--param2 <key> --values2 v1,v2,…] [--method m[,m2…]] [--set key=value]... [--json]\n' +
  '  values: a comma-separated list; from:to:step expands to a range, e.g. --values 0.05:0.3:0.05';

// Kept alike on purpose (duplicates): every command declares its spec in the same form as predict.ts.
export const spec: CommandSpec = {
  name: 'sweep',
  summary: 'predict for each value of one or two parameters (--param key --values v1,v2,…)',
  usage: '<file|folder>... --target <model> --param <key> --values v1,v2,… [flags]',
  flags: [
    ...targetFlags(true),
    { name: 'param', kind: 'value', arg: 'key', help: 'the parameter to sweep (a --set key) (required)' },
    {
      name: 'values',
      kind: 'value',
      arg: 'v1,v2,…',
      help: 'its values: a comma-separated list, or from:to:step, e.g. 0.05:0.3:0.05 (required)',
    },
    { name: 'param2', kind: 'value', arg: 'key', help: 'a second parameter, for a grid' },
    { name: 'values2', kind: 'value', arg: 'v1,v2,…', help: 'the values of --param2' },
    { name: 'method', kind: 'value', arg: 'm[,m2…]', help: 'methods to run at each value (default cod)' },
    {
      name: 'proxy',
      kind: 'switch',
      help: 'also predict the largest ladder model from the smaller ones at each value: a proxy of the error, not the error at the target',
    },
    SET_FLAG,
    ...INPUT_FLAGS,
    JSON_FLAG,
  ],
  notes: [COMPUTE_NOTATIONS],
};

function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const shown = (v: SweepValue) => (v === null ? 'auto' : String(v));

function textTable(rows: SweepRow[], param: string, param2: string | null): string[] {
  const lines: string[] = [];
  for (const benchmark of [...new Set(rows.map((r) => r.benchmark))]) {
    lines.push(`${benchmark}:`);
    for (const r of rows.filter((x) => x.benchmark === benchmark)) {
      const at = `${param}=${shown(r.value)}` + (param2 ? ` ${param2}=${shown(r.value2)}` : '');
      lines.push(
        `  ${at}  ${r.method}: ${pct(r.predicted)} [${pct(r.low)}, ${pct(r.high)}]` +
          (r.actual !== null ? `  actual ${pct(r.actual)}, error ${r.error?.toFixed(2)} pts` : '') +
          (r.status !== 'ok' ? `  (${r.status})` : ''),
      );
    }
  }
  return lines;
}

export async function run(args: ParsedArgs): Promise<number> {
  let request;
  try {
    const param = stringFlag(args, 'param');
    const valuesText = stringFlag(args, 'values');
    if (!param || valuesText === undefined)
      throw new Error('--param <key> and --values v1,v2,… are required');
    const param2 = stringFlag(args, 'param2') ?? null;
    const values2Text = stringFlag(args, 'values2');
    if (param2 && values2Text === undefined) throw new Error('--param2 needs --values2 v1,v2,…');
    if (!param2 && values2Text !== undefined) throw new Error('--values2 needs --param2 <key>');
    const methods = (stringFlag(args, 'method') ?? 'cod').split(',').map((m) => m.trim());
    checkSweepMethods(methods);
    request = {
      param,
      values: parseSweepValues(valuesText),
      param2,
      values2: values2Text === undefined ? undefined : parseSweepValues(values2Text),
      methods,
      proxy: args.flags.proxy === true,
      base: paramsOf(args),
    };
  } catch (e) {
    process.stderr.write(`scalecast sweep: ${e instanceof Error ? e.message : String(e)}\nusage: ${USAGE}\n`);
    return 2;
  }
  const loaded = await loadStudy(args);
  if (!loaded) return 1;
  let result;
  try {
    const target = resolveTarget(loaded.study, args.flags.target, args.flags['target-flops']);
    result = await sweep(loaded.study, { ...request, target });
  } catch (e) {
    process.stderr.write(`scalecast sweep: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (args.flags.json) {
    // A refused row prints no number, as in predict.
    const rows = result.rows.map((r) => ({
      value: r.value,
      value2: r.value2,
      benchmark: r.benchmark,
      method: r.method,
      predicted: r.status === 'refused' ? null : r.predicted,
      low: r.status === 'refused' ? null : r.low,
      high: r.status === 'refused' ? null : r.high,
      actual: r.actual,
    }));
    const out = { target: result.target, param: result.param, param2: result.param2, rows };
    const proxy = request.proxy ? { proxyModel: result.proxyModel, proxy: result.proxy } : {};
    process.stdout.write(JSON.stringify({ ...out, ...proxy }) + '\n');
    return 0;
  }
  const head = `sweep of ${result.param}${result.param2 ? ` × ${result.param2}` : ''} for ${result.target}`;
  const lines = [head, ...textTable(result.rows, result.param, result.param2)];
  if (request.proxy) {
    lines.push(
      result.proxyModel
        ? `self-backtest proxy (a proxy, not the error at the target): ${result.proxyModel} held back and predicted from the smaller ladder models`
        : 'self-backtest proxy: not possible, too few ladder models of distinct compute below the largest',
      ...textTable(result.proxy, result.param, result.param2),
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
