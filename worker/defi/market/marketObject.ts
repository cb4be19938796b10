import { DurableObject } from "cloudflare:workers";
import { findChain } from "../../../shared/chains";
import type { PriceHistory } from "../../../shared/risk/priceHistory";
import { publicClientFor } from "../../chain/client";
import { captureUpstream, type Outcome } from "../../chain/upstreamOutcome";
import type { ConfigVars } from "../../config";
import { loadConfig } from "../../config";
import { readAaveMarket } from "../aave/readAave";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import type { Cached } from "../portfolio/sources";
import { MARKET_TTL_MS, SingleFlightCache } from "./marketCache";
import { type OracleCandles, OracleHistory } from "./oracle/oracleHistory";
import { PriceWatch, pricesKey } from "./priceWatch";

/**
 * One per chain (`env.MARKET.getByName(String(chainId))`): the chain's Aave market data, read at most once
 * per TTL for ALL users, wherever they are. Chosen over the Cache API because the Cache API is per colo and
 * does not coalesce concurrent misses (50 users missing at once would be 50 RPC calls), while one object per
 * chain is also where per-block price watching for alerts lives, at a cost independent of the user count.
 */
/** What a market object calls on a user object it watches prices for (the user object implements it). */
export interface MarketPriceWatcher extends Rpc.DurableObjectBranded {
  onMarketPricesChanged(chainId: number): Promise<void>;
}

/** The bindings a market object uses: narrower than the Worker's Env, so it never depends on the user object. */
export interface MarketObjectEnv extends ConfigVars {
  USER: DurableObjectNamespace<MarketPriceWatcher>;
}

export class MarketDurableObject extends DurableObject<MarketObjectEnv> {
  protected readonly cache = new SingleFlightCache<AaveMarketSnapshot>(MARKET_TTL_MS);
  /** Per-block price watching (priceWatch.ts): set up by the first watcher, which names the chain. */
  protected priceWatch: { chainId: number; watch: PriceWatch } | undefined;
  /** The chain's oracle price history (SQLite), set up by the first reader, which names the chain. */
  protected oracleHistory: { chainId: number; history: OracleHistory } | undefined;

  async aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>> {
    const chain = findChain(chainId);
    if (!chain?.aave) throw new Error(`chain ${chainId} has no Aave market configured`);
    const market = chain.aave;
    return captureUpstream(`Reading the Aave market on chain ${chainId}`, () =>
      this.cache.get("aave", () =>
        readAaveMarket({ client: publicClientFor(loadConfig(this.env), chainId), chainId, market }),
      ),
    );
  }

  /** Drops the cached market, e.g. after a benchmark or test moved prices and wants them now. */
  async invalidate(): Promise<void> {
    this.cache.invalidate("aave");
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
    const market = await this.aaveMarket(chainId);
    return history.history(market.ok ? pricesKey(market.value.value) : undefined);
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
          const outcome = await this.aaveMarket(chainId);
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
    await this.priceWatch?.watch.onAlarm();
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
          const outcome = await this.aaveMarket(chainId);
          if (!outcome.ok) throw new Error(outcome.failure.message);
          return outcome.value.value;
        },
        onPricesChanged: (market) => this.oracleHistoryFor(chainId).sync(pricesKey(market)),
        notifyWatcher: (watcherId) =>
          this.env.USER.get(this.env.USER.idFromString(watcherId)).onMarketPricesChanged(chainId),
        log: (event) => console.log(JSON.stringify(event)),
      });
      this.priceWatch = { chainId, watch };
    }
    return this.priceWatch.watch;
  }
}

/** A chain's market object: one per chain, named by its chain id, so every user and route reaches the same one. */
export function marketObjectFor<T extends MarketDurableObject>(
  markets: DurableObjectNamespace<T>,
  chainId: number,
): DurableObjectStub<T> {
  return markets.getByName(String(chainId));
}
