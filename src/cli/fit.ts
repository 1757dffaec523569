/** `scalecast fit --points <csv with columns C,y> [--law cod|f1|f2|f3|bnsl] [--at C] [--json]` (C in FLOPs). */
import { parseQuantity } from '../core/compute.ts';
import { fitLaw, lawInterval, toLawUnits } from '../core/fit/index.ts';
import type { LawName } from '../core/types.ts';
import type { ParsedArgs } from './args.ts';
import { readNumericCsv } from './load.ts';

const USAGE = 'scalecast fit --points <csv with columns C,y> [--law cod|f1|f2|f3|bnsl] [--at C] [--json]';
const LAW_NAMES: LawName[] = ['cod', 'f1', 'f2', 'f3', 'bnsl'];

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
