/**
 * COD end to end: `predict` on an 8-benchmark simulated study of 50,000 questions (goal: under 3 s in node), on one
 * thread and with the benchmarks spread over warm worker threads (what the CLI does). CPU time is the process's, all
 * threads together: on a machine shared with other jobs it is the fairer figure.
 */
import { DEFAULT_PARAMS, PAPER_PARAMS, predict } from '../src/core/pipeline/predict.ts';
import { simulateStudy, DEFAULT_SIM_BENCHMARKS } from '../src/core/simulate/simulate.ts';
import { closeWorkers, predictInParallel } from '../src/node/parallel.ts';
import { availableParallelism } from 'node:os';

/** User + system CPU time of this process, every thread included, in seconds. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export default async function benchPredict(): Promise<string[]> {
  const benchmarks = Array.from({ length: 8 }, (_, i) => ({
    ...DEFAULT_SIM_BENCHMARKS[i % DEFAULT_SIM_BENCHMARKS.length],
    name: `bench-${i + 1}`,
    questions: 6250,
  }));
  const sim = simulateStudy({ seed: 11, benchmarks });
  const rows = [
    '| predict, 8 benchmarks × 6,250 questions | time (s) | CPU (s) | mean abs. error vs truth (pts) |',
    '|---|---|---|---|',
  ];
  for (const [name, params] of [
    ['product defaults', DEFAULT_PARAMS],
    ['paper pipeline', PAPER_PARAMS],
  ] as const) {
    predict(sim.study, sim.target, params); // warm the JIT so the figure is the steady state a worker sees
    const c0 = cpuSeconds();
    const t0 = performance.now();
    const r = predict(sim.study, sim.target, params);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds() - c0;
    const mae =
      r.benchmarks.reduce((s, b) => s + Math.abs(b.predicted - sim.truth[b.benchmark]), 0) /
      r.benchmarks.length;
    rows.push(
      `| ${name}, one thread | ${seconds.toFixed(2)} | ${cpu.toFixed(2)} | ${(mae * 100).toFixed(2)} |`,
    );
    await predictInParallel(sim.study, sim.target, params);
    const c1 = cpuSeconds();
    const t1 = performance.now();
    const par = await predictInParallel(sim.study, sim.target, params);
    const parSeconds = (performance.now() - t1) / 1000;
    const parCpu = cpuSeconds() - c1;
    const same = par.benchmarks.every((b, i) => b.predicted === r.benchmarks[i].predicted);
    rows.push(
      `| ${name}, ${availableParallelism()} worker threads${same ? '' : ' (DIFFERENT RESULT)'} | ${parSeconds.toFixed(2)} | ${parCpu.toFixed(2)} | ${(mae * 100).toFixed(2)} |`,
    );
  }
  await closeWorkers();
  return rows;
}
