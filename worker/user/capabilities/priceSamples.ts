import { gte, lt } from "drizzle-orm";
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

/** One observation of a feed, with the hour it belongs to. */
interface Sample extends PricePoint {
  hour: number;
}

/**
 * Oracle prices the monitoring loop saw, one row per feed and hour, so the risk model forecasts from the prices
 * this user's positions really moved with instead of the prior. Times are the wall clock at observation: the
 * model's `asOf` is now, not a block time (the devnet's clock is a replayed one).
 *
 * Which observation stands for the hour: the LAST one (a candle's close, stamped with its own time). The features
 * sample the grid asOf, asOf − 1 h, … as "the last price at or before that time" (sampleHourlyGrid), so grid
 * point 0 is the price just observed and every earlier point an hour's close. The hour's first observation would
 * put a price up to an hour older on every grid point and change the forecast, so it is only a stand-in.
 *
 * What is written (a check runs every 10 s; every check used to upsert every feed): the hour's first
 * observation, so an evicted object still has a row for the hour, and that row again with the hour's close once
 * the next hour starts: at most two writes per feed and hour. The observations in between stay in memory and
 * `history()` lays the newest over the stored rows, so the model reads exactly what it read when every check
 * upserted. Only an eviction mid-hour loses them: that hour's row then keeps an earlier observation of the hour.
 */
export class PriceSamplesCapability {
  private cached: { at: number; history: PriceHistory } | undefined;
  /** Per feed: the newest observation, and whether it is the stored row of its hour. */
  private readonly newest = new Map<PriceFeed, { sample: Sample; stored: boolean }>();
  /** The hour whose retention sweep already ran in this instance. */
  private sweptHour: number | undefined;

  constructor(private readonly host: PriceSamplesHost) {}

  /**
   * Records the price of every feed the market prices (WETH → ETH, wstETH → STETH, WBTC → BTC, LINK). Returns how
   * many rows it wrote: one per feed for the first check of an hour (plus the previous hour's close), else 0.
   */
  record(market: AaveMarketSnapshot): number {
    const time = Math.floor(this.host.now() / 1000);
    const hour = Math.floor(time / HOUR);
    const seen = new Set<PriceFeed>();
    const writes: (Sample & { feed: PriceFeed })[] = [];
    for (const reserve of market.reserves) {
      const asset = toRiskAsset(reserve.symbol);
      const feed = asset ? feedOf(asset) : null;
      if (!feed || seen.has(feed)) continue;
      seen.add(feed);
      const price = baseToUsd(reserve.priceInMarketReferenceCurrency, market.baseCurrency);
      if (!(price > 0) || !Number.isFinite(price)) continue;
      const sample: Sample = { hour, time, price };
      const previous = this.newest.get(feed);
      const firstOfHour = previous === undefined || previous.sample.hour < hour;
      // The previous hour's close, so far only in memory: stored before it is replaced.
      if (previous && firstOfHour && !previous.stored) writes.push({ feed, ...previous.sample });
      // The hour's first observation in this instance is stored at once; later ones of the hour wait in memory.
      if (firstOfHour) writes.push({ feed, ...sample });
      this.newest.set(feed, { sample, stored: firstOfHour });
    }
    this.cached = undefined;
    if (writes.length === 0) return 0;
    const sweep = this.sweptHour !== hour;
    this.host.db.transaction((tx) => {
      for (const row of writes) {
        tx.insert(priceSamples)
          .values(row)
          .onConflictDoUpdate({
            target: [priceSamples.feed, priceSamples.hour],
            set: { time: row.time, price: row.price },
          })
          .run();
      }
      // Retention, once an hour: samples older than the model's lookback (plus a day) go.
      if (sweep)
        tx.delete(priceSamples)
          .where(lt(priceSamples.hour, hour - RETENTION_HOURS))
          .run();
    });
    this.sweptHour = hour;
    return writes.length;
  }

  /** Ascending samples per feed over the model's lookback: the stored rows with the newest observations on top. */
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
    const byFeed = new Map<PriceFeed, Sample[]>();
    for (const row of rows) {
      const samples = byFeed.get(row.feed) ?? [];
      samples.push({ hour: row.hour, time: row.time, price: row.price });
      byFeed.set(row.feed, samples);
    }
    for (const [feed, { sample }] of this.newest) {
      if (sample.hour < from) continue;
      const samples = byFeed.get(feed) ?? [];
      const last = samples.at(-1);
      // The in-memory observation is the hour's latest: it replaces that hour's stored row (or follows it).
      if (last && last.hour === sample.hour) samples[samples.length - 1] = sample;
      else if (!last || last.hour < sample.hour) samples.push(sample);
      byFeed.set(feed, samples);
    }
    const history: Partial<Record<PriceFeed, PricePoint[]>> = {};
    for (const [feed, samples] of byFeed) history[feed] = samples.map(({ time, price }) => ({ time, price }));
    this.cached = { at: now, history };
    return history;
  }

  /** The latest sample of a feed (stored or still in memory), for tests and diagnostics. */
  latest(feed: PriceFeed): PricePoint | null {
    return this.history()[feed]?.at(-1) ?? null;
  }
}
