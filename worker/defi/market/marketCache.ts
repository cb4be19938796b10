/** How long market data (reserves, rates, prices) and a user's positions are reused: the seed's 30 s TTL. */
export const MARKET_TTL_MS = 30_000;
export const POSITIONS_TTL_MS = 30_000;

interface Entry<T> {
  value: T;
  fetchedAtMs: number;
}

/**
 * A TTL cache with single-flight refresh: while one read is on its way, every other caller waits for it
 * instead of sending its own, so a burst of users costs one RPC call per key, not one each.
 */
export class SingleFlightCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inflight = new Map<string, Promise<Entry<T>>>();
  /** Bumped by invalidate: a load started before it must neither be joined nor stored afterwards. */
  private readonly generations = new Map<string, number>();
  private reads = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `ttlMs` overrides the cache's own for this read (positions kept fresh by events live longer). */
  async get(
    key: string,
    load: () => Promise<T>,
    ttlMs: number = this.ttlMs,
  ): Promise<{ value: T; hit: boolean; ageSeconds: number }> {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && now - entry.fetchedAtMs < ttlMs) {
      return { value: entry.value, hit: true, ageSeconds: (now - entry.fetchedAtMs) / 1000 };
    }
    let pending = this.inflight.get(key);
    if (!pending) {
      this.reads += 1;
      const generation = this.generations.get(key) ?? 0;
      const started = load()
        .then((value) => {
          const fresh = { value, fetchedAtMs: this.now() };
          if ((this.generations.get(key) ?? 0) === generation) this.entries.set(key, fresh);
          return fresh;
        })
        .finally(() => {
          if (this.inflight.get(key) === started) this.inflight.delete(key);
        });
      pending = started;
      this.inflight.set(key, pending);
    }
    const fresh = await pending;
    return { value: fresh.value, hit: false, ageSeconds: (this.now() - fresh.fetchedAtMs) / 1000 };
  }

  /** Whether the key has an entry in memory (fresh or not). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The entry in memory, fresh or not, with when it was read. */
  peek(key: string): { value: T; fetchedAtMs: number } | undefined {
    return this.entries.get(key);
  }

  /** Puts a value read earlier (e.g. kept in storage across an eviction) with the time it was read. */
  seed(key: string, value: T, fetchedAtMs: number): void {
    this.entries.set(key, { value, fetchedAtMs });
  }

  /**
   * Forgets the key, including a load already on its way (it may have read the chain before whatever made
   * the caller invalidate, e.g. the block that moved a price): the next get starts a fresh load.
   */
  invalidate(key: string): void {
    this.entries.delete(key);
    this.inflight.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  /** How many loads ran (cache misses that were not coalesced), for tests and benchmarks. */
  get loadCount(): number {
    return this.reads;
  }
}
