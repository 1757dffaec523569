/** Backtests, ablation tables, sweeps and the validation suite: all run COD through the pipeline. */
export * from './ablation.ts';
export * from './backtest.ts';
export * from './bandwidth.ts';
export * from './suite.ts';
export * from './sweep.ts';
export * from './graded.ts';
