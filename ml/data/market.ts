import type { Candle, StethEthPoint } from "../../shared/prices/types";
import type { PriceFeed } from "../../shared/risk/assets";
import { ORACLE_RULES, simulateOracle } from "../../shared/risk/oracleSim";
import type { PriceHistory, PricePoint } from "../../shared/risk/priceHistory";
import { lastIndexAtOrBefore } from "../../shared/risk/priceHistory";

/**
 * Hourly candles per feed (STETH synthesised as ETH × stETH/ETH), used for labels, and the oracle history the
 * features read: the feed a Chainlink oracle would have published over those candles (ml/data/oracleSim.ts), one
 * hourly row per candle, `history[feed][i]` belonging to `candles[feed][i]`.
 */
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

/** stETH's oracle rows: ETH/USD rows times the stETH/ETH round standing at each row's time (as Aave prices it). */
export function stethOracleRows(
  ethRows: readonly PricePoint[],
  stethEth: readonly StethEthPoint[],
): PricePoint[] {
  const out: PricePoint[] = [];
  for (const row of ethRows) {
    const i = lastIndexAtOrBefore(stethEth, row.time);
    if (i < 0) continue;
    const r = stethEth[i]!.price;
    out.push({
      time: row.time,
      price: row.price * r,
      low: (row.low ?? row.price) * r,
      high: (row.high ?? row.price) * r,
    });
  }
  return out;
}

export function buildMarketData(raw: RawPrices): MarketData {
  const candles: MarketData["candles"] = { ETH: raw.ETH };
  const history: PriceHistory = { ETH: simulateOracle(raw.ETH, ORACLE_RULES.ETH) };
  if (raw.LINK) {
    candles.LINK = raw.LINK;
    history.LINK = simulateOracle(raw.LINK, ORACLE_RULES.LINK);
  }
  if (raw.BTC) {
    candles.BTC = raw.BTC;
    history.BTC = simulateOracle(raw.BTC, ORACLE_RULES.BTC);
  }
  if (raw.stethEth) {
    candles.STETH = stethCandles(raw.ETH, raw.stethEth);
    history.STETH = stethOracleRows(history.ETH!, raw.stethEth);
  }
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
