import type { Address, PublicClient } from "viem";
import type { Candle } from "../../../../shared/prices/types";
import { feedOf, PRICE_FEEDS, type PriceFeed, toRiskAsset } from "../../../../shared/risk/assets";
import { LOOKBACK_HOURS } from "../../../../shared/risk/features";
import type { PriceHistory, PricePoint } from "../../../../shared/risk/priceHistory";
import { foldRounds, type HourBar, hourlyCandles, hourlySeries } from "./hourBars";
import { type FeedRound, phaseOf, readFeedHeads, readRoundsBefore } from "./readRounds";

const HOUR = 3600;
/** What the features read (30 days) plus a day, so the grid's oldest points always have a price before them. */
export const HISTORY_HOURS = LOOKBACK_HOURS + 24;
/** How long a read of the history may reuse the last sync: the market data's own TTL. */
export const HISTORY_SYNC_TTL_MS = 30_000;
/** getRoundData calls per feed in one Multicall3 eth_call (~10-20k gas each: well under any node's call cap). */
export const ROUNDS_PER_CALL = 250;
/** How far the market snapshot's chain time may run ahead of the history before a read syncs it first. */
const MAX_LAG_SECONDS = 60;
/** Bound on the pages one sync walks: 20 × 250 rounds per feed is weeks of even a busy feed's rounds. */
const MAX_PAGES = 20;

export interface OracleHistoryHost {
  sql: SqlStorage;
  transactionSync<T>(closure: () => T): T;
  /** A client used for nothing else, so its request count is the history's RPC cost. */
  client: PublicClient;
  /** HTTP requests `client` has made so far (counted by its transport). */
  requests(): number;
  /** The market's AaveOracle: where each reserve's price source is looked up. */
  oracle: Address;
  /** The market's reserves (symbol and asset), to find which feed each risk asset reads. */
  reserves(): Promise<readonly { symbol: string; underlyingAsset: Address }[]>;
  now(): number;
  log(event: Record<string, unknown>): void;
}

export interface OracleHistoryStats {
  syncs: number;
  /** RPC requests (each one eth_call through Multicall3) all syncs made, and the rounds they read. */
  rpcRequests: number;
  roundsRead: number;
  /** Unix seconds of the chain head at the last sync: the history's "now". */
  asOf: number | null;
  hours: Partial<Record<PriceFeed, number>>;
}

/** The history as hourly candles per feed (what a back-test of the recent past replays), as of the last sync. */
export interface OracleCandles {
  /** Unix seconds of the chain head at the last sync; null before the first. */
  asOf: number | null;
  feeds: Partial<Record<PriceFeed, Candle[]>>;
}

interface FeedState {
  feed: PriceFeed;
  aggregator: Address;
  decimals: number;
  lastRoundId: bigint;
  lastUpdatedAt: number;
}

interface Walk {
  feed: PriceFeed;
  head: { aggregator: Address; decimals: number };
  /** Newest first. */
  rounds: FeedRound[];
  /** The lowest round id read so far (a round dropped for its time included): the next page reads below it. */
  below: bigint;
  /** Incremental: the stored last round, where the walk stops; null: a full backfill of the window. */
  stopAt: FeedState | null;
  done: boolean;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS oracle_feed (
     feed TEXT PRIMARY KEY, aggregator TEXT NOT NULL, decimals INTEGER NOT NULL,
     last_round_id TEXT NOT NULL, last_updated_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS oracle_hour (
     feed TEXT NOT NULL, hour INTEGER NOT NULL, open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL,
     close REAL NOT NULL, close_time INTEGER NOT NULL, PRIMARY KEY (feed, hour)) WITHOUT ROWID`,
  // The chain time each feed's head was last read: a feed unreadable since is not carried on to later syncs.
  `CREATE TABLE IF NOT EXISTS oracle_feed_seen (feed TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS oracle_sync (
     id INTEGER PRIMARY KEY, as_of INTEGER NOT NULL, synced_at INTEGER NOT NULL, market_prices TEXT)`,
];

/**
 * The chain's price history for the risk model, kept once per chain in its market object (tables oracle_feed,
 * oracle_hour, oracle_sync): hourly open/high/low/close of every risk feed's oracle (ETH, STETH, BTC, LINK, found
 * through the AaveOracle's sources), read from the feeds themselves. The first sync walks back from
 * latestRoundData through getRoundData, ROUNDS_PER_CALL rounds per feed per Multicall3 eth_call, until the rounds
 * are older than HISTORY_HOURS; later syncs read only the rounds since the stored last one (one eth_call when none
 * are new). A feed whose rounds went backwards (a reorg, a devnet revert) or whose source or phase changed is
 * read again from scratch. Every forecast of every user reads this one history, so equal positions get equal
 * numbers and a new user gets the full history at once.
 */
export class OracleHistory {
  private inflight: Promise<void> | undefined;
  private cached: PriceHistory | undefined;
  private readonly counters = { syncs: 0, roundsRead: 0 };

  constructor(private readonly host: OracleHistoryHost) {
    for (const statement of SCHEMA) host.sql.exec(statement);
  }

  /**
   * The hourly history per feed, ending at the chain's time at the last sync. Synced first when older than the
   * TTL, or when `marketPrices` (the prices of the market snapshot the caller's health factors come from) differ
   * from those at the last sync, or when `marketTime` (that snapshot's block time) is more than a minute past the
   * last sync's chain time: a forecast must not pair new prices with a history that ends before them.
   */
  async history(marketPrices?: string, marketTime?: number): Promise<PriceHistory> {
    const synced = this.lastSync();
    const stale = !synced || this.host.now() - synced.syncedAt >= HISTORY_SYNC_TTL_MS;
    const moved = marketPrices !== undefined && marketPrices !== synced?.marketPrices;
    const behind = marketTime !== undefined && synced !== null && marketTime - synced.asOf > MAX_LAG_SECONDS;
    if (stale || moved || behind) {
      try {
        await this.sync(marketPrices);
      } catch (error) {
        // Stale history is still the chain's history: serve what is kept, try again on the next read.
        this.host.log({ level: "warn", msg: "oracle history sync failed", error: String(error) });
      }
    }
    this.cached ??= this.read();
    return this.cached;
  }

  /**
   * Reads new rounds from the chain now (the price watch calls it on each block whose prices moved), noting the
   * market prices the caller saw, if any.
   */
  sync(marketPrices?: string): Promise<void> {
    this.inflight ??= this.syncOnce(marketPrices ?? null).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  stats(): OracleHistoryStats {
    const hours: Partial<Record<PriceFeed, number>> = {};
    for (const row of this.host.sql.exec<{ feed: PriceFeed; n: number }>(
      "SELECT feed, COUNT(*) AS n FROM oracle_hour GROUP BY feed",
    ))
      hours[row.feed] = row.n;
    return {
      ...this.counters,
      rpcRequests: this.host.requests(),
      asOf: this.lastSync()?.asOf ?? null,
      hours,
    };
  }

  private async syncOnce(marketPrices: string | null): Promise<void> {
    this.counters.syncs++;
    const feeds = feedAssets(await this.host.reserves());
    const stored = new Map(this.feedStates().map((s) => [s.feed, s]));
    const { blockTimestamp, heads } = await readFeedHeads(
      this.host.client,
      this.host.oracle,
      feeds.map((f) => f.asset),
      feeds.map((f) => stored.get(f.feed)?.aggregator),
    );
    const windowStart = blockTimestamp - HISTORY_HOURS * HOUR;
    const walks: Walk[] = [];
    const seen: PriceFeed[] = [];
    for (const [k, { feed }] of feeds.entries()) {
      const head = heads[k];
      if (!head?.latest) {
        this.host.log({ level: "warn", msg: "oracle feed unreadable", feed });
        continue;
      }
      // A round written after the block it is read at is a lie (of the node or the feed): folded in, it would
      // hold the feed's newest hour in the future and every true round before that hour would be dropped. The
      // feed counts as unreadable until its head is consistent again, which the forecasts then say.
      if (head.latest.updatedAt > blockTimestamp) {
        this.host.log({
          level: "warn",
          msg: "oracle feed round dated after the chain's head",
          feed,
          updatedAt: head.latest.updatedAt,
          blockTimestamp,
        });
        continue;
      }
      seen.push(feed);
      const state = stored.get(feed);
      const latest = head.latest;
      const continues =
        state !== undefined &&
        state.aggregator.toLowerCase() === head.aggregator.toLowerCase() &&
        state.decimals === head.decimals &&
        phaseOf(latest.roundId) === phaseOf(state.lastRoundId) &&
        latest.roundId >= state.lastRoundId;
      if (continues && latest.roundId === state.lastRoundId && latest.updatedAt === state.lastUpdatedAt)
        continue;
      walks.push({
        feed,
        head,
        rounds: [latest],
        below: latest.roundId,
        stopAt: continues ? state : null,
        done: false,
      });
    }
    for (const walk of walks) this.checkDone(walk, windowStart);
    for (let page = 0; page < MAX_PAGES && walks.some((w) => !w.done); page++) {
      const active = walks.filter((w) => !w.done);
      const requests = active.map((walk) => {
        const before = walk.below;
        const remaining = walk.stopAt ? Number(before - walk.stopAt.lastRoundId) : ROUNDS_PER_CALL;
        return { aggregator: walk.head.aggregator, before, count: Math.min(ROUNDS_PER_CALL, remaining) };
      });
      const pages = await readRoundsBefore(this.host.client, requests);
      for (const [k, walk] of active.entries()) {
        const got = pages[k] ?? [];
        const kept = roundsInOrder(walk.rounds.at(-1)!, got);
        if (kept.length < got.length)
          this.host.log({ level: "warn", msg: "oracle feed rounds out of time order", feed: walk.feed });
        walk.rounds.push(...kept);
        walk.below = got.at(-1)?.roundId ?? walk.below;
        if (got.length < requests[k]!.count) walk.done = true; // the phase's first round: nothing older to read
        this.checkDone(walk, windowStart);
      }
    }
    for (const walk of walks) {
      // Out of pages before reaching the stored round (the object slept through thousands of rounds): the rounds
      // in between are unknown, so the feed restarts from what was read instead of bridging the gap.
      if (!walk.done && walk.stopAt) walk.stopAt = null;
      this.counters.roundsRead += walk.rounds.length;
    }
    this.host.transactionSync(() => {
      for (const walk of walks) this.store(walk, windowStart);
      for (const feed of seen) {
        this.host.sql.exec(
          `INSERT INTO oracle_feed_seen (feed, seen_at) VALUES (?, ?)
           ON CONFLICT (feed) DO UPDATE SET seen_at = excluded.seen_at`,
          feed,
          blockTimestamp,
        );
      }
      this.host.sql.exec(
        `INSERT INTO oracle_sync (id, as_of, synced_at, market_prices) VALUES (1, ?, ?, ?) ON CONFLICT (id)
         DO UPDATE SET as_of = excluded.as_of, synced_at = excluded.synced_at, market_prices = excluded.market_prices`,
        blockTimestamp,
        this.host.now(),
        marketPrices,
      );
    });
    this.cached = undefined;
  }

  /** A walk ends once it reached the stored last round (incremental) or a round older than the window. */
  private checkDone(walk: Walk, windowStart: number): void {
    const oldest = walk.rounds.at(-1)!;
    if (walk.stopAt) {
      if (walk.below > walk.stopAt.lastRoundId) return;
      walk.done = true;
      // The stored last round changed under us (a reorg or a reverted devnet): read the whole window again.
      if (oldest.roundId === walk.stopAt.lastRoundId && oldest.updatedAt !== walk.stopAt.lastUpdatedAt) {
        walk.stopAt = null;
        walk.done = oldest.updatedAt < windowStart;
      }
    } else if (oldest.updatedAt < windowStart) walk.done = true;
  }

  private store(walk: Walk, windowStart: number): void {
    const { sql } = this.host;
    const usd = (round: FeedRound): number => Number(round.answer) / 10 ** walk.head.decimals;
    let ascending = [...walk.rounds].reverse();
    let last: HourBar | null = null;
    if (walk.stopAt) {
      ascending = ascending.filter((r) => r.roundId > walk.stopAt!.lastRoundId);
      last = this.lastBar(walk.feed);
    } else {
      sql.exec("DELETE FROM oracle_hour WHERE feed = ?", walk.feed);
      // Keep the newest round before the window: it is the price the window's first hour opened at.
      const firstInside = ascending.findIndex((r) => r.updatedAt >= windowStart);
      ascending = ascending.slice(Math.max(0, (firstInside === -1 ? ascending.length : firstInside) - 1));
    }
    const bars = foldRounds(
      last,
      ascending.map((r) => ({ time: r.updatedAt, price: usd(r) })),
    );
    for (const bar of bars) {
      sql.exec(
        `INSERT INTO oracle_hour (feed, hour, open, high, low, close, close_time) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (feed, hour) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
           close = excluded.close, close_time = excluded.close_time`,
        walk.feed,
        bar.hour,
        bar.open,
        bar.high,
        bar.low,
        bar.close,
        bar.closeTime,
      );
    }
    const latest = walk.rounds[0]!;
    sql.exec(
      `INSERT INTO oracle_feed (feed, aggregator, decimals, last_round_id, last_updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (feed) DO UPDATE SET aggregator = excluded.aggregator, decimals = excluded.decimals,
         last_round_id = excluded.last_round_id, last_updated_at = excluded.last_updated_at`,
      walk.feed,
      walk.head.aggregator,
      walk.head.decimals,
      latest.roundId.toString(),
      latest.updatedAt,
    );
    // Retention: hours before the window go, except the newest of them (the answer carried into the window).
    const cutoff = Math.floor(windowStart / HOUR);
    sql.exec(
      `DELETE FROM oracle_hour WHERE feed = ? AND hour < (
         SELECT MAX(hour) FROM oracle_hour WHERE feed = ? AND hour <= ?)`,
      walk.feed,
      walk.feed,
      cutoff,
    );
  }

  /** The kept history as candles, every hour from HISTORY_HOURS before the last sync's chain time to it. */
  candles(): OracleCandles {
    const synced = this.lastSync();
    if (!synced) return { asOf: null, feeds: {} };
    const fromHour = Math.floor(synced.asOf / HOUR) - HISTORY_HOURS;
    const feeds: Partial<Record<PriceFeed, Candle[]>> = {};
    const seen = this.seenAt();
    for (const [feed, bars] of this.bars())
      feeds[feed] = hourlyCandles(bars, fromHour, Math.min(synced.asOf, seen.get(feed) ?? synced.asOf));
    return { asOf: synced.asOf, feeds };
  }

  private read(): PriceHistory {
    const synced = this.lastSync();
    if (!synced) return {};
    const fromHour = Math.floor(synced.asOf / HOUR) - HISTORY_HOURS;
    const history: Partial<Record<PriceFeed, PricePoint[]>> = {};
    const seen = this.seenAt();
    for (const [feed, bars] of this.bars())
      history[feed] = hourlySeries(bars, fromHour, Math.min(synced.asOf, seen.get(feed) ?? synced.asOf));
    return history;
  }

  /**
   * Chain time each feed's head was last read. A feed unreadable since ends there: carrying its last answer on to
   * the latest sync would show hours the oracle was not read as calm ones (and hide that it was not read).
   */
  private seenAt(): Map<PriceFeed, number> {
    return new Map(
      this.host.sql
        .exec<{ feed: PriceFeed; seen_at: number }>("SELECT feed, seen_at FROM oracle_feed_seen")
        .toArray()
        .map((row) => [row.feed, row.seen_at]),
    );
  }

  private bars(): Map<PriceFeed, HourBar[]> {
    const byFeed = new Map<PriceFeed, HourBar[]>();
    for (const row of this.host.sql.exec<{
      feed: PriceFeed;
      hour: number;
      open: number;
      high: number;
      low: number;
      close: number;
      close_time: number;
    }>("SELECT feed, hour, open, high, low, close, close_time FROM oracle_hour ORDER BY feed, hour")) {
      const bars = byFeed.get(row.feed) ?? [];
      bars.push({ ...row, closeTime: row.close_time });
      byFeed.set(row.feed, bars);
    }
    return byFeed;
  }

  private lastBar(feed: PriceFeed): HourBar | null {
    const row = this.host.sql
      .exec<{ hour: number; open: number; high: number; low: number; close: number; close_time: number }>(
        "SELECT hour, open, high, low, close, close_time FROM oracle_hour WHERE feed = ? ORDER BY hour DESC LIMIT 1",
        feed,
      )
      .toArray()[0];
    return row ? { ...row, closeTime: row.close_time } : null;
  }

  private feedStates(): FeedState[] {
    return this.host.sql
      .exec<{
        feed: PriceFeed;
        aggregator: string;
        decimals: number;
        last_round_id: string;
        last_updated_at: number;
      }>("SELECT feed, aggregator, decimals, last_round_id, last_updated_at FROM oracle_feed")
      .toArray()
      .map((row) => ({
        feed: row.feed,
        aggregator: row.aggregator as Address,
        decimals: row.decimals,
        lastRoundId: BigInt(row.last_round_id),
        lastUpdatedAt: row.last_updated_at,
      }));
  }

  private lastSync(): { asOf: number; syncedAt: number; marketPrices: string | null } | null {
    const row = this.host.sql
      .exec<{ as_of: number; synced_at: number; market_prices: string | null }>(
        "SELECT as_of, synced_at, market_prices FROM oracle_sync WHERE id = 1",
      )
      .toArray()[0];
    return row ? { asOf: row.as_of, syncedAt: row.synced_at, marketPrices: row.market_prices } : null;
  }
}

/**
 * The rounds of `older` (newest first, read below `newest`) that keep time: each written no later than the kept
 * round after it. A round dated after a newer one is a lie of the node or the feed; folded in, it would put a bar
 * after the true ones. Dropping it keeps the rounds around it (its answer is lost, the history is not).
 */
export function roundsInOrder(newest: FeedRound, older: readonly FeedRound[]): FeedRound[] {
  const kept: FeedRound[] = [];
  let after = newest;
  for (const round of older) {
    if (round.updatedAt > after.updatedAt) continue;
    kept.push(round);
    after = round;
  }
  return kept;
}

/** The first reserve of each risk feed (WETH → ETH, wstETH → STETH, WBTC → BTC, LINK), in PRICE_FEEDS order. */
function feedAssets(reserves: readonly { symbol: string; underlyingAsset: Address }[]) {
  const found = new Map<PriceFeed, Address>();
  for (const reserve of reserves) {
    const asset = toRiskAsset(reserve.symbol);
    const feed = asset ? feedOf(asset) : null;
    if (feed && !found.has(feed)) found.set(feed, reserve.underlyingAsset);
  }
  return PRICE_FEEDS.flatMap((feed) => {
    const asset = found.get(feed);
    return asset ? [{ feed, asset }] : [];
  });
}
