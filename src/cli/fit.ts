/** `scalecast fit --points <csv with columns C,y> [--law cod|f1|f2|f3|bnsl] [--at C] [--json]` (C in FLOPs). */
import { fitLaw, LAW_UNIT, lawInterval, LAWS, toLawUnits } from '../core/fit/index.ts';
import type { LawName } from '../core/study/types.ts';
import { JSON_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';
import { COMPUTE_NOTATIONS, parseComputeFlag, readNumericCsv } from './numeric.ts';

const LAW_NAMES: LawName[] = ['cod', 'f1', 'f2', 'f3', 'bnsl'];

export const spec: CommandSpec = {
  name: 'fit',
  summary: 'fit a scaling law to (compute, score) points and evaluate it at a compute',
  usage: '--points <csv> [flags]',
  flags: [
    {
      name: 'points',
      kind: 'value',
      arg: 'csv',
      help: 'a CSV with columns C (training compute in FLOPs) and y (score in [0,1]) (required)',
    },
    {
      name: 'law',
      kind: 'value',
      arg: 'name',
      help: 'cod (y = g + (1-g)·exp(-a·C^-b - c), default), f1, f2, f3 or bnsl',
    },
    {
      name: 'at',
      kind: 'value',
      arg: 'compute',
      help: 'evaluate the law with its 95% interval at this compute',
    },
    {
      name: 'lower',
      kind: 'value',
      arg: 'a,b,…',
      help: 'lower bounds in the law’s parameter order, for C in units of 1e18 FLOPs ("-inf" allowed)',
    },
    {
      name: 'upper',
      kind: 'value',
      arg: 'a,b,…',
      help: 'upper bounds in the law’s parameter order, for C in units of 1e18 FLOPs ("inf" allowed)',
    },
    JSON_FLAG,
  ],
  notes: [
    'params are for C in FLOPs; paramsLawUnits (what --lower/--upper bound) for C in units of 1e18 FLOPs.',
    COMPUTE_NOTATIONS,
  ],
};

/**
 * The law's parameters for C in FLOPs from those for C in law units (1e18 FLOPs): only the coefficient of the power
 * of C changes (a·(F/U)^−b = a·U^b·F^−b), and BNSL's break point d1 scales with U.
 */
export function paramsInFlops(law: LawName, p: number[]): number[] {
  const q = [...p];
  if (law === 'bnsl') {
    q[1] = p[1] * Math.pow(LAW_UNIT, p[2]);
    q[4] = p[4] * LAW_UNIT;
  } else q[0] = p[0] * Math.pow(LAW_UNIT, p[1]);
  return q;
}

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
      throw new UsageError(
        `--${flag} needs ${names.length} values (${names.join(', ')}), got ${parts.length}`,
      );
    }
    return parts.map((x, i) => {
      const n = x === 'inf' ? Infinity : x === '-inf' ? -Infinity : Number(x);
      if (x === '' || Number.isNaN(n))
        throw new UsageError(`--${flag}: "${x}" is not a number (parameter ${names[i]})`);
      return n;
    });
  };
  return { lower: list('lower'), upper: list('upper') };
}

const fitParamsCount = (law: LawName) => LAWS[law].paramNames.length;

export async function run(args: ParsedArgs): Promise<number> {
  if (typeof args.flags.points !== 'string') throw new UsageError('--points <csv> is required');
  const law = (typeof args.flags.law === 'string' ? args.flags.law : 'cod') as LawName;
  if (!LAW_NAMES.includes(law)) throw new UsageError(`unknown law "${law}"; known: ${LAW_NAMES.join(', ')}`);
  const bounds = boundsOf(args, law);
  const atFlops = typeof args.flags.at === 'string' ? parseComputeFlag('at', args.flags.at) : null;
  const { header, rows } = readNumericCsv(args.flags.points);
  const ci = header.indexOf('C');
  const yi = header.indexOf('y');
  if (ci < 0 || yi < 0)
    throw new Error(`${args.flags.points}: expected columns "C" and "y", found ${header.join(', ')}`);
  rows.forEach((r, i) => {
    if (!(r[ci] > 0))
      throw new Error(`${args.flags.points}: row ${i + 1}: C must be a compute in FLOPs above 0`);
    if (law !== 'bnsl' && !(r[yi] >= 0 && r[yi] <= 1))
      throw new Error(`${args.flags.points}: row ${i + 1}: y must be a score in [0,1], found ${r[yi]}`);
  });
  if (rows.length < fitParamsCount(law))
    throw new Error(
      `${args.flags.points}: ${rows.length} point(s) cannot fit the ${fitParamsCount(law)} parameters of ${law}`,
    );
  const fit = fitLaw(
    law,
    rows.map((r) => toLawUnits(r[ci])),
    rows.map((r) => r[yi]),
    bounds,
  );
  const named = (p: number[]) => Object.fromEntries(fit.paramNames.map((n, i) => [n, p[i]]));
  const at = atFlops !== null ? lawInterval(fit, toLawUnits(atFlops)) : null;
  // A law can leave [0,1] outside the data; the reported value is a score, so it is kept inside [0,1] and its
  // interval, and the raw value is named in a note.
  const value = at && Number.isFinite(at.value) ? Math.min(1, Math.max(0, at.value)) : null;
  const notes: string[] = [];
  if (at && value !== null && value !== at.value) {
    notes.push(
      `the law's value ${at.value.toPrecision(5)} at ${args.flags.at} is outside [0,1]; reported as ${value}`,
    );
  }
  if (at?.note) notes.push(at.note);
  if (fit.reason) notes.push(fit.reason);
  const out = {
    law,
    params: named(paramsInFlops(law, fit.params)),
    paramsLawUnits: named(fit.params),
    lawUnitFlops: LAW_UNIT,
    sse: fit.sse,
    converged: fit.converged,
    at: atFlops,
    value,
    low: value === null ? null : Math.min(at!.low, value),
    high: value === null ? null : Math.max(at!.high, value),
    notes,
  };
  if (!fit.params.every(Number.isFinite)) {
    process.stderr.write(`scalecast fit: no usable fit${fit.reason ? `: ${fit.reason}` : ''}\n`);
    if (args.flags.json) process.stdout.write(JSON.stringify(out) + '\n');
    return 1;
  }
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const p = Object.entries(out.params).map(([k, v]) => `${k} = ${v.toPrecision(6)}`);
  const lines = [
    `${law} law (C in FLOPs): ${p.join(', ')}`,
    `SSE ${out.sse.toExponential(3)}, ${out.converged ? 'converged' : 'NOT converged'}`,
  ];
  if (out.value !== null)
    lines.push(
      `value at ${args.flags.at}: ${out.value.toFixed(4)} [${out.low?.toFixed(4)}, ${out.high?.toFixed(4)}]`,
    );
  for (const n of notes) lines.push(`  note: ${n}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
