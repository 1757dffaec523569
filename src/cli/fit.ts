/** `scalecast fit --points <csv with columns C,y> [--law cod|f1|f2|f3|bnsl] [--at C] [--json]` (C in FLOPs). */
import { parseQuantity } from '../core/compute/compute.ts';
import { fitLaw, lawInterval, LAWS, toLawUnits } from '../core/fit/index.ts';
import type { LawName } from '../core/study/types.ts';
import type { ParsedArgs } from './args.ts';
import { readNumericCsv } from './load.ts';

const USAGE =
  'scalecast fit --points <csv with columns C,y> [--law cod|f1|f2|f3|bnsl] [--at C] [--lower a,b,…] [--upper a,b,…] [--json]';
const LAW_NAMES: LawName[] = ['cod', 'f1', 'f2', 'f3', 'bnsl'];

/**
 * `--lower`/`--upper`: comma-separated bounds in the law's parameter order ("-inf"/"inf" allowed), e.g. the reference
 * fixtures' `--lower 0,0,-1,0 --upper inf,5,10,0.99` for the COD law [a, b, c, g]. Absent: the law's defaults.
 */
function boundsOf(args: ParsedArgs, law: LawName): { lower?: number[]; upper?: number[] } {
  const names = LAWS[law].paramNames;
  const list = (flag: 'lower' | 'upper') => {
    const v = args.flags[flag];
    if (v === undefined) return undefined;
    const parts = String(v)
      .split(',')
      .map((x) => x.trim());
    if (parts.length !== names.length) {
      throw new Error(`--${flag} needs ${names.length} values (${names.join(', ')}), got ${parts.length}`);
    }
    return parts.map((x, i) => {
      const n = x === 'inf' ? Infinity : x === '-inf' ? -Infinity : Number(x);
      if (x === '' || Number.isNaN(n))
        throw new Error(`--${flag}: "${x}" is not a number (parameter ${names[i]})`);
      return n;
    });
  };
  return { lower: list('lower'), upper: list('upper') };
}

export async function run(args: ParsedArgs): Promise<number> {
  if (typeof args.flags.points !== 'string') {
    process.stderr.write(`usage: ${USAGE}\n`);
    return 2;
  }
  const law = (typeof args.flags.law === 'string' ? args.flags.law : 'cod') as LawName;
  let out: {
    params: Record<string, number>;
    sse: number;
    converged: boolean;
    value: number | null;
    low?: number;
    high?: number;
  };
  try {
    if (!LAW_NAMES.includes(law)) throw new Error(`unknown law "${law}"; known: ${LAW_NAMES.join(', ')}`);
    const { header, rows } = readNumericCsv(args.flags.points);
    const ci = header.indexOf('C');
    const yi = header.indexOf('y');
    if (ci < 0 || yi < 0)
      throw new Error(`${args.flags.points}: expected columns "C" and "y", found ${header.join(', ')}`);
    const fit = fitLaw(
      law,
      rows.map((r) => toLawUnits(r[ci])),
      rows.map((r) => r[yi]),
      boundsOf(args, law),
    );
    const at =
      typeof args.flags.at === 'string' ? lawInterval(fit, toLawUnits(parseQuantity(args.flags.at))) : null;
    out = {
      params: Object.fromEntries(fit.paramNames.map((n, i) => [n, fit.params[i]])),
      sse: fit.sse,
      converged: fit.converged,
      value: at ? at.value : null,
      ...(at ? { low: at.low, high: at.high } : {}),
    };
  } catch (e) {
    process.stderr.write(`scalecast fit: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const p = Object.entries(out.params).map(([k, v]) => `${k} = ${v.toPrecision(6)}`);
  const lines = [
    `${law} law (C in units of 1e18 FLOPs): ${p.join(', ')}`,
    `SSE ${out.sse.toExponential(3)}, ${out.converged ? 'converged' : 'NOT converged'}`,
  ];
  if (out.value !== null)
    lines.push(
      `value at ${args.flags.at}: ${out.value.toFixed(4)} [${out.low?.toFixed(4)}, ${out.high?.toFixed(4)}]`,
    );
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
