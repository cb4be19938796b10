import { DurableObject } from "cloudflare:workers";
import type { Address } from "viem";
import { findChain } from "../../../shared/chains";
import type { PriceHistory } from "../../../shared/risk/priceHistory";
import { publicClientFor } from "../../chain/client";
import { checkHeadAge } from "../../chain/headAge";
import { captureUpstream, type Outcome } from "../../chain/upstreamOutcome";
import type { ConfigVars } from "../../config";
import { loadConfig } from "../../config";
import { readAaveMarket } from "../aave/readAave";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import type { Cached } from "../portfolio/sources";
import { ForwardOnly } from "./forwardOnly";
import {
  indexShardName,
  indexShardOf,
  type RelayedLogs,
  relayedLogsSchema,
  shardIndexSchema,
} from "./indexShards";
import { MARKET_TTL_MS, SingleFlightCache } from "./marketCache";
import { type MarketView, priceHistoryKey } from "./marketView";
import { type OracleCandles, OracleHistory } from "./oracle/oracleHistory";
import { readPositionLogs } from "./positionLogs";
import { type BlockLogs, type MarketWake, PositionWatch } from "./positionWatch";
import { PriceWatch, pricesKey } from "./priceWatch";
import type { WakeRegistration } from "./wakeIndex";

/**
 * One per chain (`env.MARKET.getByName(String(chainId))`): the chain's Aave market data, read at most once
 * per TTL for ALL users, wherever they are. Chosen over the Cache API because the Cache API is per colo and
 * does not coalesce concurrent misses (50 users missing at once would be 50 RPC calls), while one object per
 * chain is also where per-block price watching for alerts lives, at a cost independent of the user count.
 */
/** What a market object calls on a user object it watches prices for (the user object implements it). */
export interface MarketPriceWatcher extends Rpc.DurableObjectBranded {
  onMarketPricesChanged(chainId: number): Promise<void>;
  /** Woken by the position watch: answers with what should wake it next (null: nothing, forget me). */
  onMarketWake(wake: MarketWake): Promise<WakeRegistration | null>;
}

/** The bindings a market object uses: narrower than the Worker's Env, so it never depends on the user object. */
export interface MarketObjectEnv extends ConfigVars {
  USER: DurableObjectNamespace<MarketPriceWatcher>;
  /** The market objects: a chain's coordinator forwards blocks to its index shards, a shard announces itself. */
  MARKET: DurableObjectNamespace<MarketDurableObject>;
}

export class MarketDurableObject extends DurableObject<MarketObjectEnv> {
  protected readonly cache = new SingleFlightCache<AaveMarketSnapshot>(MARKET_TTL_MS);
  /** A lagging node's older snapshot is not taken over the held one (forwardOnly.ts). */
  private readonly forwardOnly = new ForwardOnly();
  /** Per-block price watching (priceWatch.ts): set up by the first watcher, which names the chain. */
  protected priceWatch: { chainId: number; watch: PriceWatch } | undefined;
  /** The chain's oracle price history (SQLite), set up by the first reader, which names the chain. */
  protected oracleHistory: { chainId: number; history: OracleHistory } | undefined;
  /** Users woken on need (position events, price levels), set up by the first registration or on start. */
  protected positionWatch: { chainId: number; watch: PositionWatch } | undefined;
  /** As a coordinator: the index shards with watchers, forwarded each block (kept in storage across evictions). */
  private shards: Set<number> | undefined;
  /** As a coordinator: announcements per shard, so a shard found empty is not dropped after it announced again. */
  private readonly shardAnnouncements = new Map<number, number>();
  /** As a shard: the block's logs its coordinator read, used instead of reading them again. */
  private relayedLogs: RelayedLogs | null = null;
  /** `eth_getLogs` this object sent (a shard's relayed blocks send none). */
  protected logRequests = 0;
  /** As a shard: whether its coordinator was told in this object's life that it has watchers. */
  private announced = false;

  constructor(ctx: DurableObjectState, env: MarketObjectEnv) {
    super(ctx, env);
    // Registrations outlive an eviction: the watch resumes at once, before any user calls again.
    const chainId = ctx.storage.kv.get<number>(POSITION_WATCH_CHAIN_KEY);
    if (chainId !== undefined) void ctx.blockConcurrencyWhile(async () => this.positionWatchFor(chainId));
  }

  async aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>> {
    return this.readMarket(chainId);
  }

  /**
   * The market snapshot and the price history synced to its prices, in one request (what a user's check reads);
   * the history is left out when the caller holds the one with `heldHistoryKey` already.
   */
  async marketView(chainId: number, heldHistoryKey?: string): Promise<MarketView> {
    const market = await this.readMarket(chainId);
    let history: PriceHistory;
    try {
      history = await this.oracleHistoryFor(chainId).history(...syncedTo(market));
    } catch (error) {
      console.log(
        JSON.stringify({ level: "warn", msg: "price history unavailable", chainId, error: String(error) }),
      );
      return { market, history: { ok: false } };
    }
    const key = priceHistoryKey(history);
    return { market, history: { ok: true, key, value: key === heldHistoryKey ? null : history } };
  }

  /** The cached market, as the object's own parts read it (not a request from outside: benchmarks count those). */
  private readMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>> {
    const chain = findChain(chainId);
    if (!chain?.aave) throw new Error(`chain ${chainId} has no Aave market configured`);
    const market = chain.aave;
    return captureUpstream(`Reading the Aave market on chain ${chainId}`, () =>
      this.cache.get("aave", async () => {
        const client = publicClientFor(loadConfig(this.env), chainId);
        const fresh = await readAaveMarket({ client, chainId, market });
        checkHeadAge(chain, fresh.blockTimestamp, Date.now());
        return this.forwardOnly.choose(this.cache.peek("aave")?.value, fresh);
      }),
    );
  }

  /**
   * Drops the cached market, e.g. after a benchmark or test moved prices or put the chain back and wants the
   * chain's state now; the price watch then reads the next head even at a height it has seen.
   */
  async invalidate(): Promise<void> {
    this.cache.invalidate("aave");
    this.priceWatch?.watch.forgetBlock();
  }

  // --- the chain's price history (worker/defi/market/oracle/) ----------------------------------------------

  /**
   * Hourly close/low/high of every risk feed's oracle over the last 31 days, ending at the chain's time: what
   * every forecast reads (dashboard, alerts, automation, pre-sign preview, POST /risk/forecast). The first call
   * backfills it from the feeds' rounds; later ones reuse it, reading new rounds at most every 30 s.
   */
  async priceHistory(chainId: number): Promise<PriceHistory> {
    return this.freshHistory(chainId);
  }

  /**
   * The same history as hourly candles per feed (open/high/low/close of the oracle's rounds): what a back-test of
   * the last 30 days replays, so the recent past comes from the chain itself, not from an archive of exchange data.
   */
  async priceCandles(chainId: number): Promise<OracleCandles> {
    await this.freshHistory(chainId);
    return this.oracleHistoryFor(chainId).candles();
  }

  /** The history, synced first when stale or when the market snapshot users' health factors come from moved. */
  private async freshHistory(chainId: number): Promise<PriceHistory> {
    const history = this.oracleHistoryFor(chainId);
    // The snapshot users' health factors come from (cached): when its prices moved, the history reads the rounds.
    const market = await this.readMarket(chainId);
    return history.history(...syncedTo(market));
  }

  protected oracleHistoryFor(chainId: number): OracleHistory {
    if (this.oracleHistory && this.oracleHistory.chainId !== chainId) {
      throw new Error(`this market object serves chain ${this.oracleHistory.chainId}, not ${chainId}`);
    }
    if (!this.oracleHistory) {
      const market = findChain(chainId)?.aave;
      if (!market) throw new Error(`chain ${chainId} has no Aave market configured`);
      let requests = 0;
      const history = new OracleHistory({
        sql: this.ctx.storage.sql,
        transactionSync: (closure) => this.ctx.storage.transactionSync(closure),
        client: publicClientFor(loadConfig(this.env), chainId, { onFetchRequest: () => void requests++ }),
        requests: () => requests,
        oracle: market.oracle,
        reserves: async () => {
          const outcome = await this.readMarket(chainId);
          if (!outcome.ok) throw new Error(outcome.failure.message);
          return outcome.value.value.reserves;
        },
        now: () => Date.now(),
        log: (event) => console.log(JSON.stringify(event)),
      });
      this.oracleHistory = { chainId, history };
    }
    return this.oracleHistory.history;
  }

  // --- per-block price watching (worker/defi/market/priceWatch.ts) -------------------------------------------

  /** A user's object (by its id string) asks to be called back on each block whose prices moved. */
  async watchPrices(chainId: number, watcherId: string): Promise<void> {
    await this.priceWatchFor(chainId).watch(watcherId);
  }

  override async alarm(): Promise<void> {
    const stored = this.ctx.storage.kv.get<number>(POSITION_WATCH_CHAIN_KEY);
    // After an eviction the alarm may be the first thing to run: the poll must know the position watch's users.
    if (!this.priceWatch && stored !== undefined) this.priceWatchFor(stored);
    await this.priceWatch?.watch.onAlarm();
  }

  // --- users woken on need (worker/defi/market/positionWatch.ts) ----------------------------------------------

  /**
   * A user's object (by its id string) registers what should wake it: its wallet (position events) and its
   * health-factor lines (price levels). `readAtBlock`: the block its positions were read at.
   */
  async watchPositions(
    chainId: number,
    watcherId: string,
    registration: WakeRegistration,
    readAtBlock: string | null,
    /** Set when this object is that index shard of the chain (indexShards.ts); absent: the coordinator itself. */
    shard?: number,
  ): Promise<void> {
    const watch = this.positionWatchFor(chainId);
    const wasActive = watch.active();
    watch.register(watcherId, registration, readAtBlock === null ? undefined : BigInt(readAtBlock));
    if (shard === undefined) {
      await this.priceWatchFor(chainId).ensurePolling();
      return;
    }
    // A shard reads no head of its own: its coordinator polls while some shard has watchers, and forwards blocks.
    if (!wasActive || !this.announced) {
      await marketObjectFor(this.env.MARKET, chainId).indexShardActive(
        chainId,
        shardIndexSchema.parse(shard),
      );
      this.announced = true;
    }
  }

  // --- index shards (worker/defi/market/indexShards.ts) --------------------------------------------------------

  /** A shard of this chain's index has watchers: forward it every block from now on (and poll the head). */
  async indexShardActive(chainId: number, shard: number): Promise<void> {
    const index = shardIndexSchema.parse(shard);
    this.shardAnnouncements.set(index, (this.shardAnnouncements.get(index) ?? 0) + 1);
    const shards = this.shardSet();
    if (!shards.has(index)) {
      shards.add(index);
      this.ctx.storage.kv.put(INDEX_SHARDS_KEY, [...shards]);
    }
    // The coordinator reads the logs for its shards through its own position watch (which may watch nobody).
    this.positionWatchFor(chainId);
    await this.priceWatchFor(chainId).ensurePolling();
  }

  /**
   * As a shard: one block from the coordinator (its market snapshot, the position logs it read, the users its
   * price push already called). Wakes this shard's users as the coordinator's own watch would; answers how many
   * it watches (0: the coordinator stops forwarding until the shard announces itself again).
   */
  async indexBlock(
    chainId: number,
    block: string,
    market: AaveMarketSnapshot,
    logs: RelayedLogs | null,
    told: string[],
  ): Promise<{ watchers: number }> {
    const watch = this.positionWatchFor(chainId);
    this.relayedLogs = logs === null ? null : relayedLogsSchema.parse(logs);
    try {
      await watch.onBlock(BigInt(block), market, new Set(told));
    } finally {
      this.relayedLogs = null;
    }
    const watchers = watch.active() ? watch.stats().watchers : 0;
    if (watchers === 0) this.announced = false;
    return { watchers };
  }

  protected shardSet(): Set<number> {
    this.shards ??= new Set(this.ctx.storage.kv.get<number[]>(INDEX_SHARDS_KEY) ?? []);
    return this.shards;
  }

  /** After the coordinator's own position watch read the block: each shard gets the block, in parallel. */
  private async forwardToShards(
    chainId: number,
    block: bigint,
    market: AaveMarketSnapshot,
    logs: BlockLogs | null,
    told: ReadonlySet<string>,
  ): Promise<void> {
    const relayed: RelayedLogs | null =
      logs === null
        ? null
        : { fromBlock: String(logs.fromBlock), toBlock: String(logs.toBlock), wallets: logs.wallets };
    const shards = this.shardSet();
    await Promise.all(
      [...shards].map(async (shard) => {
        const announcedBefore = this.shardAnnouncements.get(shard) ?? 0;
        try {
          const { watchers } = await this.env.MARKET.getByName(indexShardName(chainId, shard)).indexBlock(
            chainId,
            block.toString(),
            market,
            relayed,
            [...told],
          );
          // Empty, and it did not announce itself again meanwhile: stop forwarding to it.
          if (watchers === 0 && (this.shardAnnouncements.get(shard) ?? 0) === announcedBefore) {
            shards.delete(shard);
            this.ctx.storage.kv.put(INDEX_SHARDS_KEY, [...shards]);
          }
        } catch (error) {
          // The shard's own last block stays behind: the next block it gets covers the range (or wakes all).
          console.log(
            JSON.stringify({
              level: "warn",
              msg: "index shard block failed",
              chainId,
              shard,
              error: String(error),
            }),
          );
        }
      }),
    );
  }

  async unwatchPositions(chainId: number, watcherId: string): Promise<void> {
    this.positionWatchFor(chainId).unregister(watcherId);
  }

  /** One call to a user's object (a method so that benchmarks can stand synthetic users in for real ones). */
  protected wakeUser(watcherId: string, wake: MarketWake): Promise<WakeRegistration | null> {
    return this.env.USER.get(this.env.USER.idFromString(watcherId)).onMarketWake(wake);
  }

  protected positionWatchFor(chainId: number): PositionWatch {
    if (this.positionWatch && this.positionWatch.chainId !== chainId) {
      throw new Error(`this market object serves chain ${this.positionWatch.chainId}, not ${chainId}`);
    }
    if (!this.positionWatch) {
      const market = findChain(chainId)?.aave;
      if (!market) throw new Error(`chain ${chainId} has no Aave market configured`);
      const client = publicClientFor(loadConfig(this.env), chainId);
      this.ctx.storage.kv.put(POSITION_WATCH_CHAIN_KEY, chainId);
      const watch = new PositionWatch({
        kv: this.ctx.storage.kv,
        chainId,
        now: () => Date.now(),
        positionLogs: async ({ fromBlock, toBlock, firstUnread }, snapshot) => {
          // A shard: its coordinator's read covers the blocks it never read (it may start earlier: a wake too many,
          // none missed). The coordinator's re-read window found whatever a lagging node had left out of the earlier
          // blocks, and relays only events it had not relayed before: a shard that missed a relay is behind it,
          // so not covered, and reads its own window.
          const relayed = this.relayedLogs;
          if (relayed && BigInt(relayed.fromBlock) <= firstUnread && BigInt(relayed.toBlock) === toBlock) {
            return [{ id: null, blockNumber: null, wallets: relayed.wallets as Address[] }];
          }
          // One read for both protocols: Aave's Pool and aTokens, and EigenLayer's staker events on this chain.
          this.logRequests++;
          return readPositionLogs({ client, chainId, snapshot, fromBlock, toBlock });
        },
        wake: (watcherId, wake) => this.wakeUser(watcherId, wake),
        log: (event) => console.log(JSON.stringify(event)),
      });
      this.positionWatch = { chainId, watch };
    }
    return this.positionWatch.watch;
  }

  protected priceWatchFor(chainId: number): PriceWatch {
    if (this.priceWatch && this.priceWatch.chainId !== chainId) {
      throw new Error(`this market object serves chain ${this.priceWatch.chainId}, not ${chainId}`);
    }
    if (!this.priceWatch) {
      const client = publicClientFor(loadConfig(this.env), chainId);
      const watch = new PriceWatch({
        storage: this.ctx.storage,
        now: () => Date.now(),
        blockNumber: () => client.getBlockNumber({ cacheTime: 0 }),
        refreshMarket: async () => {
          this.cache.invalidate("aave");
          const outcome = await this.readMarket(chainId);
          if (!outcome.ok) throw new Error(outcome.failure.message);
          return outcome.value.value;
        },
        onPricesChanged: (market) => this.oracleHistoryFor(chainId).sync(pricesKey(market)),
        notifyWatcher: (watcherId) =>
          this.env.USER.get(this.env.USER.idFromString(watcherId)).onMarketPricesChanged(chainId),
        alsoWatched: () => (this.positionWatch?.watch.active() ?? false) || this.shardSet().size > 0,
        onNewBlock: async (block, market, pushed) => {
          const sharded = this.shardSet().size > 0;
          const watch = this.positionWatch?.watch ?? (sharded ? this.positionWatchFor(chainId) : undefined);
          const read = await watch?.onBlock(block, market, pushed);
          if (sharded) await this.forwardToShards(chainId, block, market, read?.logs ?? null, pushed);
        },
        log: (event) => console.log(JSON.stringify(event)),
      });
      this.priceWatch = { chainId, watch };
    }
    return this.priceWatch.watch;
  }
}

/** KV key naming the chain whose position watch this object runs (so it resumes after an eviction). */
const POSITION_WATCH_CHAIN_KEY = "positionWatch:chainId";
/** KV key of a coordinator's index shards with watchers. */
const INDEX_SHARDS_KEY = "positionWatch:shards";

/** A chain's market object: one per chain, named by its chain id, so every user and route reaches the same one. */
export function marketObjectFor<T extends MarketDurableObject>(
  markets: DurableObjectNamespace<T>,
  chainId: number,
): DurableObjectStub<T> {
  return markets.getByName(String(chainId));
}

/**
 * Where a user object's wake registration lives: the chain's market object, or with `shards` > 1 the index shard
 * its id hashes to (`shard` is then passed along to `watchPositions`).
 */
export function positionIndexFor<T extends MarketDurableObject>(
  markets: DurableObjectNamespace<T>,
  chainId: number,
  watcherId: string,
  shards: number,
): { stub: DurableObjectStub<T>; shard: number | undefined } {
  if (shards <= 1) return { stub: marketObjectFor(markets, chainId), shard: undefined };
  const shard = indexShardOf(watcherId, shards);
  return { stub: markets.getByName(indexShardName(chainId, shard)), shard };
}

/** What a history read must be synced to: the prices and the chain time of the market snapshot, when there is one. */
function syncedTo(market: Outcome<Cached<AaveMarketSnapshot>>): [prices?: string, marketTime?: number] {
  if (!market.ok) return [];
  return [pricesKey(market.value.value), Number(market.value.value.blockTimestamp)];
}
