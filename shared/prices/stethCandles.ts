import type { Candle, StethEthPoint } from "./types";

/**
 * Hourly stETH/USD candles: the ETH candle × the stETH/ETH oracle rate in force at the candle's open (the last
 * round at or before it; the feed writes about once a day, so a depeg shows day by day). Hours before the first
 * round have no stETH candle: the caller decides what to do without one.
 */
export function stethCandles(eth: readonly Candle[], rounds: readonly StethEthPoint[]): Candle[] {
  const result: Candle[] = [];
  let next = 0;
  let rate: number | null = null;
  for (const candle of eth) {
    while (next < rounds.length && rounds[next]!.time <= candle.time) rate = rounds[next++]!.price;
    if (rate === null) continue;
    result.push({
      time: candle.time,
      open: candle.open * rate,
      high: candle.high * rate,
      low: candle.low * rate,
      close: candle.close * rate,
    });
  }
  return result;
}
