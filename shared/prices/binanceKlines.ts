import { PriceDataError, validateCandle } from "./parseCsv";
import type { Candle } from "./types";

/** Binance spot public market data (no key). Same source the shared CSVs were pulled from. */
export const BINANCE_API = "https://api.binance.com";
export const BINANCE_KLINES_LIMIT = 1000;

export function binanceKlinesUrl(pair: string, startTimeMs: number, base = BINANCE_API): string {
  const query = new URLSearchParams({
    symbol: pair,
    interval: "1h",
    startTime: String(startTimeMs),
    limit: String(BINANCE_KLINES_LIMIT),
  });
  return `${base}/api/v3/klines?${query}`;
}

export interface ParsedKlines {
  candles: Candle[];
  volumes: number[];
}

/**
 * Parses a `/api/v3/klines` response: an array of
 * `[openTimeMs, "open", "high", "low", "close", "volume", closeTimeMs, ...]` rows with prices as strings.
 * Anything else (an error object such as `{"code":-1121,"msg":"Invalid symbol."}`) is rejected.
 */
export function parseBinanceKlines(body: unknown, source = "binance klines"): ParsedKlines {
  if (!Array.isArray(body)) {
    const detail =
      typeof body === "object" && body !== null && "msg" in body ? String(body.msg) : typeof body;
    throw new PriceDataError(`expected an array of klines, got ${detail}`, source);
  }
  const candles: Candle[] = [];
  const volumes: number[] = [];
  body.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length < 6)
      throw new PriceDataError(`row ${i} is not a kline array`, source);
    const [openMs, open, high, low, close, volume] = row.map(Number) as number[];
    const values = [openMs, open, high, low, close, volume];
    if (values.some((v) => v === undefined || !Number.isFinite(v))) {
      throw new PriceDataError(`row ${i} has a non-numeric field`, source);
    }
    const candle: Candle = { time: openMs! / 1000, open: open!, high: high!, low: low!, close: close! };
    validateCandle(candle, candles[candles.length - 1], source, i + 1);
    candles.push(candle);
    volumes.push(volume!);
  });
  return { candles, volumes };
}
