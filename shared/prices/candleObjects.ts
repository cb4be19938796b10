import { parseCandlesCsv } from "./parseCsv";
import type { Candle } from "./types";

/**
 * The layout of hourly candles in object storage (the Worker's R2 bucket): one CSV object per feed per UTC year,
 * `candles/ETH/2022.csv` with `time,open,high,low,close` (unix seconds, no volume), ≈ 330 KB a year. A year is the
 * unit a back-test reads (a 365-day window touches at most two), small enough to parse within a request, and the
 * same CSV the prices directory holds, so one parser validates both. `candles/index.json` says where each feed's
 * data starts and ends, so "the last 30 days" needs no listing.
 */
export const CANDLE_INDEX_KEY = "candles/index.json";

export const candleObjectKey = (feed: string, year: number) => `candles/${feed}/${year}.csv`;

export interface CandleIndex {
  /** Per feed: first candle's hour and one past the last (unix seconds), and the years stored. */
  feeds: Record<string, { first: number; end: number; years: number[] }>;
}

export const yearOf = (seconds: number) => new Date(seconds * 1000).getUTCFullYear();

export function encodeCandles(candles: readonly Candle[]): string {
  const rows = candles.map((c) => `${c.time},${c.open},${c.high},${c.low},${c.close}`);
  return `time,open,high,low,close\n${rows.join("\n")}\n`;
}

export function decodeCandles(text: string, source: string): Candle[] {
  return parseCandlesCsv(text, source);
}

/** Splits ascending candles into one batch per UTC year. */
export function candlesByYear(candles: readonly Candle[]): Map<number, Candle[]> {
  const years = new Map<number, Candle[]>();
  for (const candle of candles) {
    const year = yearOf(candle.time);
    const batch = years.get(year);
    if (batch) batch.push(candle);
    else years.set(year, [candle]);
  }
  return years;
}

/** The objects to store for a set of feeds: every year's CSV and the index. */
export function candleObjects(feeds: Record<string, readonly Candle[]>): Map<string, string> {
  const objects = new Map<string, string>();
  const index: CandleIndex = { feeds: {} };
  for (const [feed, candles] of Object.entries(feeds)) {
    if (candles.length === 0) continue;
    const years = candlesByYear(candles);
    for (const [year, batch] of years) objects.set(candleObjectKey(feed, year), encodeCandles(batch));
    index.feeds[feed] = {
      first: candles[0]!.time,
      end: candles[candles.length - 1]!.time + 3600,
      years: [...years.keys()],
    };
  }
  objects.set(CANDLE_INDEX_KEY, JSON.stringify(index));
  return objects;
}
