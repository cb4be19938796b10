import type { PriceHistory } from "../../../shared/risk/priceHistory";
import type { Outcome } from "../../chain/upstreamOutcome";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import type { Cached } from "../portfolio/sources";

/**
 * What a user's check needs from its chain's market object, in one request: the market snapshot its health factors
 * come from and the price history its forecast reads, synced to that snapshot's prices. Durable Objects bill each
 * request, and an idle user's hourly heartbeat needs both: one request instead of two.
 */
export interface MarketView {
  market: Outcome<Cached<AaveMarketSnapshot>>;
  /**
   * `value` is null when the caller said it holds the history with this `key` already (it has not changed since).
   * Not ok: the history could not be read; the forecast says so instead of using another one.
   */
  history: { ok: true; key: string; value: PriceHistory | null } | { ok: false };
}

/**
 * A fingerprint of a history: it changes whenever the history does. Only the ends of each feed's series move
 * (a sync appends rounds to the last hour or adds hours; the 31-day window drops its first hour), so each feed's
 * length, first time and last point decide it.
 */
export function priceHistoryKey(history: PriceHistory): string {
  return Object.entries(history)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([feed, points]) => {
      const first = points?.[0];
      const last = points?.[points.length - 1];
      return [feed, points?.length ?? 0, first?.time, last?.time, last?.price, last?.low, last?.high].join(
        ":",
      );
    })
    .join("|");
}
