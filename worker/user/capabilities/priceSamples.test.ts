import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { baseToUsd } from "../../../shared/aave";
import { feedOf, type PriceFeed, toRiskAsset } from "../../../shared/risk/assets";
import type { PricePoint } from "../../../shared/risk/priceHistory";
import type { AaveMarketSnapshot } from "../../defi/aave/snapshots";
import { rowsWrittenBy } from "../../test/rowsWritten";
import { openUserDb } from "../db";
import { PriceSamplesCapability } from "./priceSamples";

const HOUR_MS = 3_600_000;
const CHECK_MS = 10_000;
/** The devnet's risk feeds: WETH → ETH, wstETH → STETH, LINK (USDC and DAI are stablecoins: no feed). */
const FEEDS: PriceFeed[] = ["ETH", "LINK", "STETH"];

let market: AaveMarketSnapshot;
beforeAll(async () => {
  const outcome = await env.MARKET.getByName("31337").aaveMarket(31337);
  if (!outcome.ok) throw new Error(outcome.failure.message);
  market = outcome.value.value;
});

/** The market with every price moved by `permille`‰ (a different price on every check). */
function movedBy(permille: number): AaveMarketSnapshot {
  return {
    ...market,
    reserves: market.reserves.map((r) => ({
      ...r,
      priceInMarketReferenceCurrency: (r.priceInMarketReferenceCurrency * BigInt(1000 + permille)) / 1000n,
    })),
  };
}

/** What the table held when every check upserted (the behaviour before): per feed and hour, the last observation. */
function everyCheckUpserted(observations: { at: number; market: AaveMarketSnapshot }[]) {
  const byFeed = new Map<PriceFeed, Map<number, PricePoint>>();
  for (const { at, market: m } of observations) {
    const time = Math.floor(at / 1000);
    const seen = new Set<PriceFeed>();
    for (const reserve of m.reserves) {
      const asset = toRiskAsset(reserve.symbol);
      const feed = asset ? feedOf(asset) : null;
      if (!feed || seen.has(feed)) continue;
      seen.add(feed);
      const hours = byFeed.get(feed) ?? new Map<number, PricePoint>();
      hours.set(Math.floor(time / 3600), {
        time,
        price: baseToUsd(reserve.priceInMarketReferenceCurrency, m.baseCurrency),
      });
      byFeed.set(feed, hours);
    }
  }
  return Object.fromEntries(
    [...byFeed].map(([feed, hours]) => [feed, [...hours].sort(([a], [b]) => a - b).map(([, p]) => p)]),
  );
}

const freshUser = () => env.USER.getByName(crypto.randomUUID());
/** A clock at the start of an hour (a fixed one: the test must not straddle a real hour boundary). */
const hourStart = Math.floor(Date.parse("2026-03-02T10:00:00Z") / HOUR_MS) * HOUR_MS;

describe("price samples", () => {
  it("360 checks within one hour write one row per feed, and the model reads the hour's latest price", async () => {
    await runInDurableObject(freshUser(), async (_instance, state) => {
      let clock = hourStart + 1000;
      const prices = new PriceSamplesCapability({ db: openUserDb(state.storage), now: () => clock });
      const observations: { at: number; market: AaveMarketSnapshot }[] = [];
      const written: number[] = [];
      const counted = await rowsWrittenBy(state.storage, () => {
        for (let check = 0; check < 360; check++) {
          const m = movedBy(check % 7);
          written.push(prices.record(m));
          observations.push({ at: clock, market: m });
          clock += CHECK_MS;
        }
      });
      clock -= CHECK_MS;
      // One upsert per feed on the first check, none on the other 359 (before: 3 per check, 1,080 in the hour).
      expect(written[0]).toBe(FEEDS.length);
      expect(written.slice(1).every((n) => n === 0)).toBe(true);
      expect(Object.keys(counted.byTable)).toEqual(["price_samples"]);
      // Each insert is its row plus the primary-key index entry.
      expect(counted.byTable.price_samples).toBe(2 * FEEDS.length);
      // Exactly what the model read when every check upserted: the latest observation of the hour.
      expect(prices.history()).toEqual(everyCheckUpserted(observations));
      expect(prices.latest("ETH")?.time).toBe(Math.floor(clock / 1000));
    });
  });

  it("over several hours: at most two writes per feed and hour, the same history as upserting every check", async () => {
    await runInDurableObject(freshUser(), async (_instance, state) => {
      let clock = hourStart + 5 * 60_000;
      const db = openUserDb(state.storage);
      const prices = new PriceSamplesCapability({ db, now: () => clock });
      const observations: { at: number; market: AaveMarketSnapshot }[] = [];
      let writes = 0;
      // 3 hours and 10 minutes of checks every 10 s, prices moving on each.
      const counted = await rowsWrittenBy(state.storage, () => {
        for (let check = 0; clock < hourStart + 3 * HOUR_MS + 15 * 60_000; check++) {
          const m = movedBy(check % 11);
          writes += prices.record(m);
          observations.push({ at: clock, market: m });
          clock += CHECK_MS;
        }
      });
      clock -= CHECK_MS;
      // Hours 0..3 each got their first observation; hours 0..2 also their close: 7 writes per feed.
      expect(writes).toBe(7 * FEEDS.length);
      // In SQLite rows: an insert is the row and its primary-key index entry (2), the close an update (1).
      expect(counted.byTable).toEqual({ price_samples: (4 * 2 + 3) * FEEDS.length });
      const expected = everyCheckUpserted(observations);
      expect(prices.history()).toEqual(expected);
      // The stored rows of the finished hours are their closes, exactly as before.
      const stored = db.all<{ feed: PriceFeed; time: number; price: number }>(
        "SELECT feed, time, price FROM price_samples ORDER BY feed, hour",
      );
      for (const feed of FEEDS) {
        const rows = stored.filter((r) => r.feed === feed).map(({ time, price }) => ({ time, price }));
        expect(rows.slice(0, 3)).toEqual(expected[feed]?.slice(0, 3));
        expect(rows).toHaveLength(4);
      }
    });
  });

  it("after an eviction mid-hour the stored row still has the hour, and the next hour's close is written", async () => {
    await runInDurableObject(freshUser(), async (_instance, state) => {
      let clock = hourStart + 1000;
      const db = openUserDb(state.storage);
      const before = new PriceSamplesCapability({ db, now: () => clock });
      before.record(movedBy(0));
      const firstTime = Math.floor(clock / 1000);
      clock += 20 * 60_000;
      before.record(movedBy(5)); // only in memory
      // Eviction: a new instance over the same storage.
      const after = new PriceSamplesCapability({ db, now: () => clock });
      expect(after.latest("ETH")?.time).toBe(firstTime);
      clock += 10 * 60_000;
      // Its first observation of the hour is stored (the newest this hour), later ones wait for the close.
      expect(after.record(movedBy(3))).toBe(FEEDS.length);
      clock += 10 * 60_000;
      expect(after.record(movedBy(4))).toBe(0);
      const lastOfHour = Math.floor(clock / 1000);
      clock = hourStart + HOUR_MS + 1000;
      // New hour: the old hour's close and the new hour's first observation.
      expect(after.record(movedBy(6))).toBe(2 * FEEDS.length);
      const rows = db.all<{ hour: number; time: number }>(
        "SELECT hour, time FROM price_samples WHERE feed = 'ETH' ORDER BY hour",
      );
      expect(rows).toEqual([
        { hour: hourStart / HOUR_MS, time: lastOfHour },
        { hour: hourStart / HOUR_MS + 1, time: Math.floor(clock / 1000) },
      ]);
    });
  });

  it("the retention sweep runs once an hour, not on every check", async () => {
    await runInDurableObject(freshUser(), async (_instance, state) => {
      let clock = hourStart + 1000;
      const db = openUserDb(state.storage);
      // A sample 40 days old: past the model's 30-day lookback plus a day.
      db.run(
        `INSERT INTO price_samples (feed, hour, time, price) VALUES ('BTC', ${hourStart / HOUR_MS - 960}, 0, 1)`,
      );
      const prices = new PriceSamplesCapability({ db, now: () => clock });
      const statements: string[] = [];
      const sql = state.storage.sql;
      const exec = sql.exec.bind(sql);
      Object.defineProperty(sql, "exec", {
        configurable: true,
        value: (query: string, ...bindings: SqlStorageValue[]) => {
          statements.push(query);
          return exec(query, ...bindings);
        },
      });
      try {
        for (let check = 0; check < 30; check++) {
          prices.record(movedBy(check));
          clock += CHECK_MS;
        }
      } finally {
        delete (sql as { exec?: unknown }).exec;
      }
      expect(statements.filter((q) => q.startsWith('delete from "price_samples"'))).toHaveLength(1);
      expect(db.all("SELECT * FROM price_samples WHERE feed = 'BTC'")).toEqual([]);
    });
  });
});
