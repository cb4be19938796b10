import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openUserDb } from "../db";
import { HISTORY_TIERS, PortfolioHistoryStore } from "./portfolioHistory";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A day boundary, so every tier's buckets line up with the points below. */
const NOW = Date.UTC(2026, 10, 30);

/** Inserts one snapshot per (portfolio, time), as a read of two chains would. */
function seed(storage: DurableObjectStorage, times: number[], portfolios = ["chain-a", "chain-b"]): void {
  for (const id of portfolios) {
    storage.sql.exec(
      "INSERT OR IGNORE INTO portfolios (id, chain_id, address, created_at) VALUES (?, ?, ?, ?)",
      id,
      portfolios.indexOf(id) + 1,
      "0x0000000000000000000000000000000000000001",
      0,
    );
  }
  for (const at of times) {
    for (const id of portfolios) {
      storage.sql.exec(
        `INSERT INTO portfolio_snapshots (id, portfolio_id, taken_at, total_collateral_usd, total_debt_usd,
          net_value_usd, health_factor, risk_probability) VALUES (?, ?, ?, 100, 50, 50, 1.5, NULL)`,
        crypto.randomUUID(),
        id,
        at,
      );
    }
  }
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) }, (_, i) => from + i * step);

describe("history downsampling", () => {
  it("keeps 5-minute points for 7 days, hourly to 90 days, daily after; the last hour as taken", async () => {
    expect(HISTORY_TIERS.map((t) => t.bucketMs)).toEqual([5 * MINUTE, HOUR, DAY]);
    const stub = env.USER.getByName(`history-${crypto.randomUUID()}`);
    const counts = await runInDurableObject(stub, (_instance, state) => {
      const db = openUserDb(state.storage);
      // Once a minute over the last 3 hours, every 10 minutes on day 30, hourly on days 199-200.
      seed(state.storage, [
        ...range(NOW - 3 * HOUR, NOW, MINUTE),
        ...range(NOW - 30 * DAY, NOW - 29 * DAY, 10 * MINUTE),
        ...range(NOW - 200 * DAY, NOW - 198 * DAY, HOUR),
      ]);
      const store = new PortfolioHistoryStore({
        db,
        now: () => NOW,
        newId: () => crypto.randomUUID(),
        portfolioId: () => "chain-a",
      });
      const count = (from: number, to: number) =>
        state.storage.sql
          .exec<{ n: number }>(
            "SELECT COUNT(*) AS n FROM portfolio_snapshots WHERE portfolio_id = 'chain-a' AND taken_at >= ? AND taken_at < ?",
            from,
            to,
          )
          .one().n;
      store.compact(NOW);
      const first = {
        lastHour: count(NOW - HOUR, NOW),
        hoursTwoAndThree: count(NOW - 3 * HOUR, NOW - HOUR),
        day30: count(NOW - 30 * DAY, NOW - 29 * DAY),
        days199and200: count(NOW - 200 * DAY, NOW - 198 * DAY),
        otherChain: state.storage.sql
          .exec<{ n: number }>("SELECT COUNT(*) AS n FROM portfolio_snapshots WHERE portfolio_id = 'chain-b'")
          .one().n,
      };
      // Compacting again changes nothing: storage stays flat.
      store.compact(NOW);
      const total = state.storage.sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM portfolio_snapshots")
        .one().n;
      // Both chains keep the same reads, so the chart still folds them into one point each.
      const points = store.history("30d").points;
      return { first, total, points: points.length, debt: points.map((p) => p.debtUsd) };
    });
    expect(counts.first).toEqual({
      lastHour: 60, // as taken
      hoursTwoAndThree: 24, // 2 h of 5-minute buckets
      day30: 24, // hourly
      days199and200: 2, // daily
      otherChain: 60 + 24 + 24 + 2,
    });
    expect(counts.total).toBe(2 * (60 + 24 + 24 + 2));
    expect(counts.points).toBe(60 + 24 + 24);
    expect(new Set(counts.debt)).toEqual(new Set([100])); // 50 + 50: both chains in every point
  });
});
