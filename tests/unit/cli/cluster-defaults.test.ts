import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterPoints as cliCluster } from '../../../src/cli/cluster.ts';
import type { ParsedArgs } from '../../../src/cli/args.ts';
import { pointsFromRows } from '../../../src/core/cluster/index.ts';
import { clusterPoints, sklearnClustering } from '../../../src/core/pipeline/clustering.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';

const shared = new URL('../../../../shared/', import.meta.url).pathname;
const reference = (p: string) => JSON.parse(readFileSync(join(shared, 'reference', p), 'utf8'));
const args = (flags: Record<string, string | true>): ParsedArgs => ({
  command: 'cluster',
  positional: [],
  flags,
  lists: {},
  set: {},
});

describe('scalecast cluster’s defaults', () => {
  it('take COD’s from the parameter registry and scikit-learn’s where scikit-learn has the algorithm', () => {
    for (const algorithm of ['cod', 'improved-kmeans'] as const) {
      const spec = sklearnClustering(algorithm);
      expect([spec.quantile, spec.upper, spec.minClusterSize, spec.seed]).toEqual([
        DEFAULT_PARAMS.quantile,
        DEFAULT_PARAMS.upper,
        DEFAULT_PARAMS.minClusterSize,
        DEFAULT_PARAMS.seed,
      ]);
    }
    expect(sklearnClustering('meanshift')).toMatchObject({ quantile: 0.3, upper: Infinity });
    expect(sklearnClustering('kmeans')).toMatchObject({ kmeansK: 8, seed: DEFAULT_PARAMS.seed });
    expect(sklearnClustering('dbscan')).toMatchObject({ dbscanEps: 0.5, dbscanMinPts: 5 });
  });

  it('cluster with the pipeline’s dispatch: COD with no flags is the pipeline’s default clustering', async () => {
    const rows: number[][] = reference('improved_meanshift/passrate8d_300.json').inputs.X;
    // all-zero rows are set aside by both (the CLI itself, the pipeline in its features): leave them out here
    const X = pointsFromRows(rows.filter((r) => r.some((v) => v !== 0)));
    const viaCli = await cliCluster(X, args({ algorithm: 'cod' }));
    const viaPipeline = clusterPoints(X, { ...DEFAULT_PARAMS });
    expect(viaCli.bandwidth).toBe(viaPipeline.bandwidth);
    expect(viaCli.labels).toEqual(Array.from(viaPipeline.labels));
    const k = await cliCluster(X, args({ algorithm: 'kmeans', k: '3', seed: '4' }));
    expect(k.labels).toEqual(
      Array.from(clusterPoints(X, { ...DEFAULT_PARAMS, clustering: 'kmeans', kmeansK: 3, seed: 4 }).labels),
    );
    await expect(cliCluster(X, args({ algorithm: 'spectral' }))).rejects.toThrow(
      /unknown algorithm "spectral"/,
    );
  });
});
