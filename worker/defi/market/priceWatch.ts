import type { AaveMarketSnapshot } from "../aave/snapshots";
import { ForwardOnly } from "./forwardOnly";
import { PRICE_POLL_MS } from "./headPoll";

export { PRICE_POLL_MS };

/** A watcher's lease; users renew it on every monitoring tick (10 s), so a dead user drops out within it. */
export const WATCH_LEASE_MS = 35_000;

export interface PriceWatchHost {
  storage: Pick<DurableObjectStorage, "getAlarm" | "setAlarm">;
  now(): number;
  blockNumber(): Promise<bigint>;
  /** Re-reads the market (one Multicall3 eth_call) and makes it the cached snapshot everyone reads. */
  refreshMarket(): Promise<AaveMarketSnapshot>;
  /** Prices moved: the chain's price history reads the new rounds before any watcher recomputes a forecast. */
  onPricesChanged(market: AaveMarketSnapshot): Promise<void>;
  /** Tells one watcher that prices moved; it recomputes from the fresh cached snapshot. */
  notifyWatcher(watcherId: string): Promise<void>;
  /** Others who need the per-block poll beside the watchers (the position watch's users). */
  alsoWatched?(): boolean;
  /** Every new block, prices moved or not, after the market was re-read (the position watch). */
  onNewBlock?(block: bigint, market: AaveMarketSnapshot, pushed: ReadonlySet<string>): Promise<void>;
  log(event: Record<string, unknown>): void;
}

export interface PriceWatchStats {
  watchers: number;
  polls: number;
  blocksSeen: number;
  marketReads: number;
  priceChanges: number;
  pushes: number;
  lastBlock: string | null;
}

/** The reserves' oracle prices as one comparable string. */
export function pricesKey(market: AaveMarketSnapshot): string {
  return market.reserves.map((r) => `${r.underlyingAsset}:${r.priceInMarketReferenceCurrency}`).join(",");
}

/**
 * Per-block price watching for one chain, inside its market object. While anyone watches, the object's alarm
 * polls the head every PRICE_POLL_MS; on a new block it re-reads the market once and, when an oracle price
 * changed, calls back every watcher. Chain cost per poll: 1 eth_blockNumber, plus 1 eth_call per new block,
 * independent of the number of users; the fan-out (one Durable Object call per watcher) only happens when
 * prices move. Watchers live in memory: after an eviction they re-register on their next tick.
 */
export class PriceWatch {
  private readonly watchers = new Map<string, number>();
  private lastBlock: bigint | null = null;
  private readonly forwardOnly = new ForwardOnly();
  /** Bumped by forgetBlock: a poll that began before must not put its (older chain's) head back. */
  private forgotten = 0;
  /** The poll running or last run (polls run one after another). */
  private polling: Promise<unknown> = Promise.resolve();
  /** Polls running or queued: while any is, its market read is counted by the cache but not yet by `stats()`. */
  private pollsInFlight = 0;
  private lastPrices: string | null = null;
  private readonly counters = { polls: 0, blocksSeen: 0, marketReads: 0, priceChanges: 0, pushes: 0 };

  constructor(private readonly host: PriceWatchHost) {}

  async watch(watcherId: string): Promise<void> {
    this.watchers.set(watcherId, this.host.now() + WATCH_LEASE_MS);
    await this.ensurePolling();
  }

  /** Stops calling back one watcher (benchmarks: a user served by its own loop alone). */
  unwatch(watcherId: string): void {
    this.watchers.delete(watcherId);
  }

  /** Starts the per-block poll if it is not running (someone just started watching). */
  async ensurePolling(): Promise<void> {
    if ((await this.host.storage.getAlarm()) === null) {
      await this.host.storage.setAlarm(this.host.now() + PRICE_POLL_MS);
    }
  }

  private anyone(): boolean {
    return this.watchers.size > 0 || (this.host.alsoWatched?.() ?? false);
  }

  /** The market object's alarm(). */
  async onAlarm(): Promise<void> {
    this.prune();
    if (!this.anyone()) return;
    try {
      await this.poll();
    } catch (error) {
      this.host.log({
        level: "warn",
        msg: "price watch poll failed",
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      if (this.anyone()) await this.host.storage.setAlarm(this.host.now() + PRICE_POLL_MS);
    }
  }

  /** One poll; returns how many watchers were told about a price change. */
  /**
   * The next poll reads the market whatever the head's number: a chain put back (a test's revert, a reorg that
   * replaced the head) can bring a new block at a height already seen.
   */
  forgetBlock(): void {
    this.lastBlock = null;
    this.forgotten++;
  }

  /**
   * One poll after any running one: the alarm's poll and a direct call (tests, benchmarks) never handle the same
   * block twice, and a call made after a new block was mined reads it (it is not merged into an older poll).
   */
  poll(): Promise<number> {
    this.pollsInFlight++;
    const next = this.polling.then(
      () => this.pollOnce(),
      () => this.pollOnce(),
    );
    this.polling = next
      .catch(() => undefined)
      .finally(() => {
        this.pollsInFlight--;
      });
    return next;
  }

  /** Whether a poll is running or queued (its counters are not final yet). */
  busy(): boolean {
    return this.pollsInFlight > 0;
  }

  /** Resolves once the polls started so far have ended. */
  async idle(): Promise<void> {
    await this.polling;
  }

  private async pollOnce(): Promise<number> {
    this.counters.polls++;
    const generation = this.forgotten;
    const polled = await this.host.blockNumber();
    // A lower head from one node of a load-balanced RPC is not the chain going back: it is taken only when it
    // persists (forwardOnly.ts). Stepping back on each flap would re-read the market and wake every watcher.
    const held = this.lastBlock === null ? undefined : { blockNumber: this.lastBlock };
    const block = this.forwardOnly.choose(held, { blockNumber: polled }).blockNumber;
    if (block === this.lastBlock) return 0;
    // The block counts as seen only once its market was read: a read that failed (an RPC error, a head that a
    // reorg replaced under it) is tried again at the next poll, a second later, instead of the block's price move
    // going unheard until another block comes.
    const market = await this.host.refreshMarket();
    if (generation !== this.forgotten) return 0;
    this.lastBlock = block;
    this.counters.blocksSeen++;
    this.counters.marketReads++;
    const key = pricesKey(market);
    const changed = this.lastPrices !== null && key !== this.lastPrices;
    this.lastPrices = key;
    const pushed = changed ? await this.push(market) : [];
    try {
      // After the pushes: a watcher just told of the move is not woken for it a second time.
      await this.host.onNewBlock?.(block, market, new Set(pushed));
    } catch (error) {
      this.host.log({ level: "warn", msg: "position watch failed", error: String(error) });
    }
    return pushed.length;
  }

  /** Prices moved: the history first, then every watcher (one call each). Returns who was told. */
  private async push(market: AaveMarketSnapshot): Promise<string[]> {
    this.counters.priceChanges++;
    try {
      await this.host.onPricesChanged(market);
    } catch (error) {
      // Watchers still hear of the move: their health factors are fresh even if the history lags a block.
      this.host.log({ level: "warn", msg: "price history sync failed", error: String(error) });
    }
    this.prune();
    const ids = [...this.watchers.keys()];
    // Counted when sent: a watcher may act on the push (a socket message) before its call returns.
    this.counters.pushes += ids.length;
    const results = await Promise.allSettled(ids.map((id) => this.host.notifyWatcher(id)));
    for (const [k, result] of results.entries()) {
      if (result.status === "rejected") {
        this.host.log({
          level: "warn",
          msg: "price push failed",
          watcher: ids[k],
          error: String(result.reason),
        });
      }
    }
    return ids;
  }

  stats(): PriceWatchStats {
    return {
      watchers: this.watchers.size,
      ...this.counters,
      lastBlock: this.lastBlock === null ? null : this.lastBlock.toString(),
    };
  }

  private prune(): void {
    const now = this.host.now();
    for (const [id, until] of this.watchers) if (until <= now) this.watchers.delete(id);
  }
}
