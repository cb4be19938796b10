import { feedOf, type PriceFeed } from "./assets";
import type { RiskPosition } from "./position";
import { lastIndexAtOrBefore, type PriceHistory } from "./priceHistory";

/**
 * A feed whose newest price is this much older than the prices the health factor comes from is called out: the
 * chain's history is read at least every 30 s while anyone looks, so 15 minutes behind means reads have failed.
 */
export const STALE_PRICES_SECONDS = 15 * 60;

export interface StaleFeed {
  feed: PriceFeed;
  /** How far its newest price lies behind `at`. */
  seconds: number;
}

/**
 * The position's price feeds whose newest point at or before `at` is over STALE_PRICES_SECONDS older than `at`
 * (the chain time of the prices the health factor comes from), oldest first. A feed with no price at all is not
 * listed: the forecast already says it assumed typical volatility for it.
 */
export function stalePriceFeeds(position: RiskPosition, history: PriceHistory, at: number): StaleFeed[] {
  const feeds = new Set<PriceFeed>();
  for (const leg of [position.collateral, position.debt]) {
    for (const { asset } of leg) {
      const feed = feedOf(asset);
      if (feed) feeds.add(feed);
    }
  }
  const stale: StaleFeed[] = [];
  for (const feed of feeds) {
    const points = history[feed] ?? [];
    const newest = points[lastIndexAtOrBefore(points, at)];
    if (newest && at - newest.time > STALE_PRICES_SECONDS) stale.push({ feed, seconds: at - newest.time });
  }
  return stale.sort((a, b) => b.seconds - a.seconds);
}

const FEED_NAME: Record<PriceFeed, string> = { ETH: "ETH", STETH: "stETH", BTC: "BTC", LINK: "LINK" };

function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(seconds / 3600);
  return hours < 48 ? `${hours} h` : `${Math.round(seconds / 86_400)} days`;
}

/** What the forecast tells the user about stale feeds, or null when every feed is current. */
export function stalePricesDriver(stale: readonly StaleFeed[]): string | null {
  if (stale.length === 0) return null;
  const names = stale.map((s) => FEED_NAME[s.feed]);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return (
    `the oracle's ${list} prices could not be read for ${duration(stale[0]!.seconds)}: ` +
    "this forecast uses the prices from before then"
  );
}
