import { loadCandles, loadStethEth } from "../../shared/prices/loadCandles.node.js";
import { stethCandles } from "../../shared/prices/stethCandles";
import { type Candle, PRICE_SYMBOLS, type PriceSymbol } from "../../shared/prices/types";
import type { CandleSource } from "../../worker/backtest/pricePath";

/**
 * Candles read straight from a prices directory (shared/prices/pricesDir.node.ts finds it); each file once.
 * STETH is built as the upload builds it (shared/prices/stethCandles.ts).
 */
export function dirCandleSource(dir: string): CandleSource {
  const cache = new Map<PriceSymbol, Candle[]>();
  let steth: Candle[] | undefined;
  const all = (feed: string): Candle[] => {
    if (feed === "STETH") {
      steth ??= stethCandles(all("ETH"), loadStethEth(dir));
      return steth;
    }
    if (!(PRICE_SYMBOLS as readonly string[]).includes(feed)) return [];
    const symbol = feed as PriceSymbol;
    let candles = cache.get(symbol);
    if (!candles) {
      candles = loadCandles(dir, symbol);
      cache.set(symbol, candles);
    }
    return candles;
  };
  return {
    async candles(feed, from, to) {
      return all(feed).filter((c) => c.time >= from && c.time < to);
    },
    async end(feed) {
      const candles = all(feed);
      const last = candles[candles.length - 1];
      return last ? last.time + 3600 : null;
    },
  };
}
