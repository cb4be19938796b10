import { desc, eq, gte, lt } from "drizzle-orm";
import { baseToUsd } from "../../../shared/aave";
import { feedOf, type PriceFeed, toRiskAsset } from "../../../shared/risk/assets";
import { LOOKBACK_HOURS } from "../../../shared/risk/features";
import type { PriceHistory, PricePoint } from "../../../shared/risk/priceHistory";
import type { AaveMarketSnapshot } from "../../defi/aave/snapshots";
import type { UserDb } from "../db";
import { priceSamples } from "../tables/monitoring";

export interface PriceSamplesHost {
  db: UserDb;
  now(): number;
}

const HOUR = 3600;
/** The model looks back LOOKBACK_HOURS (30 days) on an hourly grid; one more day covers the grid's edges. */
const RETENTION_HOURS = LOOKBACK_HOURS + 24;

/**
 * Oracle prices the monitoring loop saw, one row per feed and hour (the latest observation of the hour wins,
 * like a candle's close), so the risk model forecasts from the prices this user's positions really moved with
 * instead of the prior. Times are the wall clock at observation: the model's `asOf` is now, not a block time
 * (the devnet's clock is a replayed one).
 */
export class PriceSamplesCapability {
  private cached: { at: number; history: PriceHistory } | undefined;

  constructor(private readonly host: PriceSamplesHost) {}

  /** Records the price of every feed the market prices (WETH → ETH, wstETH → STETH, WBTC → BTC, LINK). */
  record(market: AaveMarketSnapshot): number {
    const time = Math.floor(this.host.now() / 1000);
    const hour = Math.floor(time / HOUR);
    const seen = new Set<PriceFeed>();
    this.host.db.transaction((tx) => {
      for (const reserve of market.reserves) {
        const asset = toRiskAsset(reserve.symbol);
        const feed = asset ? feedOf(asset) : null;
        if (!feed || seen.has(feed)) continue;
        seen.add(feed);
        const price = baseToUsd(reserve.priceInMarketReferenceCurrency, market.baseCurrency);
        if (!(price > 0) || !Number.isFinite(price)) continue;
        tx.insert(priceSamples)
          .values({ feed, hour, time, price })
          .onConflictDoUpdate({ target: [priceSamples.feed, priceSamples.hour], set: { time, price } })
          .run();
      }
      tx.delete(priceSamples)
        .where(lt(priceSamples.hour, hour - RETENTION_HOURS))
        .run();
    });
    this.cached = undefined;
    return seen.size;
  }

  /** Ascending samples per feed over the model's lookback. */
  history(): PriceHistory {
    const now = this.host.now();
    if (this.cached && this.cached.at === now) return this.cached.history;
    const from = Math.floor(now / 1000 / HOUR) - RETENTION_HOURS;
    const rows = this.host.db
      .select()
      .from(priceSamples)
      .where(gte(priceSamples.hour, from))
      .orderBy(priceSamples.feed, priceSamples.hour)
      .all();
    const history: Partial<Record<PriceFeed, PricePoint[]>> = {};
    for (const row of rows) {
      const points = history[row.feed] ?? [];
      points.push({ time: row.time, price: row.price });
      history[row.feed] = points;
    }
    this.cached = { at: now, history };
    return history;
  }

  /** The latest sample of a feed, for tests and diagnostics. */
  latest(feed: PriceFeed): PricePoint | null {
    const row = this.host.db
      .select()
      .from(priceSamples)
      .where(eq(priceSamples.feed, feed))
      .orderBy(desc(priceSamples.hour))
      .limit(1)
      .get();
    return row ? { time: row.time, price: row.price } : null;
  }
}
