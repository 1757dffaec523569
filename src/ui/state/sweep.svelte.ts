/**
 * The page's sweep client: what to sweep, the rows as they stream in from the sweep pool, progress and cancel;
 * R's two terms for the current settings; and the paper's Tables 3 and 4 computed in the same pool.
 */
import { ABLATION_CLUSTERINGS, type AblationRow } from '../../core/evaluate/ablation-table.ts';
import type { BandwidthTerms } from '../../core/evaluate/bandwidth.ts';
import {
  checkSweepMethods,
  groupByClustering,
  parseSweepValues,
  suggestedValues,
  sweepPoints,
  type SweepPoint,
  type SweepRow,
} from '../../core/evaluate/sweep-plan.ts';
import { formatParamValue, stageParamKeys, type ParamKey } from '../../core/study/params.ts';
import type { Study } from '../../core/study/study.ts';
import type { PredictParams, TargetSpec } from '../../core/study/types.ts';
import type { CancelToken, SweepPool } from '../../../workers/sweep.pool.ts';

/** The inputs a sweep runs on, read from the notebook when it starts. */
export interface SweepInputs {
  study: Study;
  version: number;
  target: TargetSpec;
  params: PredictParams;
}

export interface AblationTables {
  target: string;
  clustering: AblationRow[];
  law: AblationRow[];
}

export class SweepState {
  param: string = $state('minB');
  values: string = $state('');
  param2: string = $state('');
  values2: string = $state('');
  methods: string[] = $state(['cod']);
  proxy: boolean = $state(false);

  /** The last sweep's request, rows in point order, and the proxy's rows. */
  ran: { param: string; param2: string | null; target: string; current: PredictParams } | null =
    $state.raw(null);
  rows: SweepRow[] = $state.raw([]);
  proxyRows: SweepRow[] = $state.raw([]);
  proxyModel: string | null = $state(null);
  progress: { done: number; total: number } | null = $state(null);
  error: string | null = $state(null);
  /** Milliseconds the last sweep took, when it finished. */
  elapsed: number | null = $state(null);

  bandwidth: BandwidthTerms[] = $state.raw([]);
  ablation: AblationTables | null = $state.raw(null);
  ablationProgress: { done: number; total: number } | null = $state(null);
  ablationError: string | null = $state(null);

  readonly busy = $derived(this.progress !== null || this.ablationProgress !== null);
  private token: CancelToken = { cancelled: true };
  private ablationToken: CancelToken = { cancelled: true };
  private bandwidthKey = '';

  constructor(private readonly pool: SweepPool) {}

  /** Picks the swept parameter and suggests values for it. */
  choose(key: string, current: PredictParams): void {
    this.param = key;
    this.values = suggestedValues(key, current);
  }

  chooseSecond(key: string, current: PredictParams): void {
    this.param2 = key;
    this.values2 = key ? suggestedValues(key, current) : '';
  }

  /** Runs the sweep over the pool; rows appear as points finish. Errors in the request are shown, not thrown. */
  async run(inputs: SweepInputs): Promise<void> {
    this.cancel();
    const token: CancelToken = (this.token = { cancelled: false });
    let points: SweepPoint[];
    const methods = [...this.methods];
    try {
      checkSweepMethods(methods);
      points = sweepPoints({
        target: inputs.target,
        base: inputs.params,
        param: this.param,
        values: parseSweepValues(this.values),
        param2: this.param2 || null,
        values2: this.param2 ? parseSweepValues(this.values2) : undefined,
      });
    } catch (e) {
      this.error = (e as Error).message;
      return;
    }
    this.error = null;
    this.elapsed = null;
    this.ran = {
      param: this.param,
      param2: this.param2 || null,
      target: inputs.target.name,
      current: { ...inputs.params },
    };
    const byPoint: SweepRow[][] = [];
    const proxyByPoint: SweepRow[][] = [];
    this.rows = [];
    this.proxyRows = [];
    this.proxyModel = null;
    this.progress = { done: 0, total: points.length };
    const t0 = performance.now();
    const proxy = this.proxy;
    try {
      await this.pool.run(
        inputs.study,
        inputs.version,
        groupByClustering(points),
        (w, p) => w.runPoint(inputs.version, inputs.target, p, methods, proxy),
        (r) => {
          byPoint[r.index] = r.rows;
          proxyByPoint[r.index] = r.proxy;
          this.rows = byPoint.flat();
          this.proxyRows = proxyByPoint.flat();
          this.proxyModel = r.proxyModel;
          this.progress = { done: (this.progress?.done ?? 0) + 1, total: points.length };
        },
        token,
      );
      if (!token.cancelled) this.elapsed = performance.now() - t0;
    } catch (e) {
      if (!token.cancelled) this.error = `sweep failed: ${(e as Error).message}`;
    } finally {
      if (!token.cancelled) this.progress = null;
    }
  }

  /** Stops the sweep: no new point starts and the page is free at once. */
  cancel(): void {
    this.token.cancelled = true;
    this.progress = null;
  }

  /** R's terms for the current settings, computed in the pool when the settings that decide them change. */
  async checkBandwidth(inputs: SweepInputs): Promise<void> {
    const key = JSON.stringify([
      inputs.version,
      inputs.target,
      ...stageParamKeys('cluster').map((k) => inputs.params[k]),
    ]);
    if (key === this.bandwidthKey) return;
    this.bandwidthKey = key;
    let terms: BandwidthTerms[] = [];
    try {
      await this.pool.run(
        inputs.study,
        inputs.version,
        [[inputs.params]],
        (w, params) => w.bandwidth(inputs.version, inputs.target, params),
        (r) => (terms = r),
      );
    } catch {
      terms = [];
    }
    if (key === this.bandwidthKey) this.bandwidth = terms;
  }

  /** The paper's Table 3 (one job per clustering algorithm) and Table 4, in the pool, as `scalecast ablate`. */
  async runAblation(inputs: SweepInputs): Promise<void> {
    this.ablationToken.cancelled = true;
    const token: CancelToken = (this.ablationToken = { cancelled: false });
    const jobs: ['clustering' | 'law', string | null][] = [
      ...ABLATION_CLUSTERINGS.map((c) => ['clustering', c] as ['clustering', string]),
      ['law', null],
    ];
    const parts: Record<string, { target: string; rows: AblationRow[] }> = {};
    this.ablationError = null;
    this.ablationProgress = { done: 0, total: jobs.length };
    try {
      await this.pool.run(
        inputs.study,
        inputs.version,
        jobs.map((j) => [j]),
        (w, [kind, variant]) => w.ablation(inputs.version, kind, variant, inputs.params),
        (r, [kind, variant]) => {
          parts[`${kind}:${variant}`] = r;
          this.ablationProgress = { done: Object.keys(parts).length, total: jobs.length };
        },
        token,
      );
      if (!token.cancelled) {
        const law = parts['law:null'];
        this.ablation = {
          target: law?.target ?? '',
          clustering: ABLATION_CLUSTERINGS.flatMap((c) => parts[`clustering:${c}`]?.rows ?? []),
          law: law?.rows ?? [],
        };
      }
    } catch (e) {
      if (!token.cancelled) this.ablationError = (e as Error).message;
    } finally {
      if (!token.cancelled) this.ablationProgress = null;
    }
  }

  cancelAblation(): void {
    this.ablationToken.cancelled = true;
    this.ablationProgress = null;
  }
}

/** The text of a swept value, as `--set` takes it. */
export function valueText(key: string, value: unknown): string {
  try {
    return formatParamValue(key as ParamKey, value as PredictParams[ParamKey]);
  } catch {
    return String(value);
  }
}
