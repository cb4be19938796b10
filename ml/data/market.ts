import type { Candle, StethEthPoint } from "../../shared/prices/types";
import type { PriceFeed } from "../../shared/risk/assets";
import type { PriceHistory, PricePoint } from "../../shared/risk/priceHistory";
import { lastIndexAtOrBefore } from "../../shared/risk/priceHistory";

/** Hourly candles per feed (STETH synthesised as ETH × stETH/ETH) plus the same data as feature-function history. */
export interface MarketData {
  candles: Partial<Record<PriceFeed, Candle[]>>;
  history: PriceHistory;
}

export interface RawPrices {
  ETH: Candle[];
  LINK?: Candle[];
  BTC?: Candle[];
  stethEth?: StethEthPoint[];
}

/** A candle's close becomes known when the hour ends: that is the time the feature function may see it. */
export function candlesToHistory(candles: readonly Candle[]): PricePoint[] {
  return candles.map((c) => ({ time: c.time + 3600, price: c.close }));
}

/**
 * stETH in USD per hour: each ETH candle scaled by the last stETH/ETH round at or before the candle's close.
 * Hours before the first round are left out (no stETH price was known then).
 */
export function stethCandles(eth: readonly Candle[], stethEth: readonly StethEthPoint[]): Candle[] {
  const ratios = stethEth.map((p) => ({ time: p.time, price: p.price }));
  const out: Candle[] = [];
  for (const c of eth) {
    const i = lastIndexAtOrBefore(ratios, c.time + 3600);
    if (i < 0) continue;
    const r = ratios[i]!.price;
    out.push({ time: c.time, open: c.open * r, high: c.high * r, low: c.low * r, close: c.close * r });
  }
  return out;
}

export function buildMarketData(raw: RawPrices): MarketData {
  const candles: MarketData["candles"] = { ETH: raw.ETH };
  if (raw.LINK) candles.LINK = raw.LINK;
  if (raw.BTC) candles.BTC = raw.BTC;
  if (raw.stethEth) candles.STETH = stethCandles(raw.ETH, raw.stethEth);
  const history: PriceHistory = {};
  for (const [feed, list] of Object.entries(candles) as [PriceFeed, Candle[]][])
    history[feed] = candlesToHistory(list);
  return { candles, history };
}

/** Index of the candle opening exactly at `time`, or -1. */
export function candleIndexAt(candles: readonly Candle[], time: number): number {
  let lo = 0;
  let hi = candles.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = candles[mid]!.time;
    if (t === time) return mid;
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
