/**
 * The pipeline's one cache: a bounded least-recently-used map from a stage's inputs (study identity, benchmark and the
 * parameter values the stage reads, see stageKey in study/params.ts) to the stage's result. Results are plain data
 * and never mutated after they are stored, so sharing them between callers is safe.
 */
export class StageCache {
  private readonly entries = new Map<string, unknown>();
  private readonly counts = new Map<string, { hits: number; misses: number }>();

  /** `limit`: the most entries kept; the least recently used go first. */
  constructor(readonly limit = 1024) {}

  /** The cached result of `stage` for `key`, or `make()`'s result, stored. */
  get<T>(stage: string, key: string, make: () => T): T {
    const full = `${stage}\u0000${key}`;
    const count = this.countOf(stage);
    if (this.entries.has(full)) {
      const value = this.entries.get(full) as T;
      this.entries.delete(full);
      this.entries.set(full, value);
      count.hits++;
      return value;
    }
    count.misses++;
    const value = make();
    this.entries.set(full, value);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** True when a result of `stage` for `key` is held (without touching its recency). */
  has(stage: string, key: string): boolean {
    return this.entries.has(`${stage}\u0000${key}`);
  }

  /** Hits and misses of one stage since the cache was made. */
  stats(stage: string): { hits: number; misses: number } {
    return { ...this.countOf(stage) };
  }

  /** How many results of `stage` are held. */
  size(stage?: string): number {
    if (stage === undefined) return this.entries.size;
    let n = 0;
    for (const k of this.entries.keys()) if (k.startsWith(`${stage}\u0000`)) n++;
    return n;
  }

  clear(): void {
    this.entries.clear();
  }

  private countOf(stage: string) {
    let c = this.counts.get(stage);
    if (!c) this.counts.set(stage, (c = { hits: 0, misses: 0 }));
    return c;
  }
}
