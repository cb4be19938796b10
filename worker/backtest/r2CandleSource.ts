import {
  CANDLE_INDEX_KEY,
  type CandleIndex,
  candleObjectKey,
  decodeCandles,
  yearOf,
} from "../../shared/prices/candleObjects";
import type { Candle } from "../../shared/prices/types";
import type { PriceFeed } from "../../shared/risk/assets";
import type { CandleSource } from "./pricePath";

/** Thrown when the bucket's objects are unreadable: an operator problem (503), not the user's input. */
export class PriceStoreError extends Error {
  override readonly name = "PriceStoreError";
}

/**
 * Candles from the R2 bucket `npm run prices:upload` fills (layout: shared/prices/candleObjects.ts). Years read
 * once per instance are kept: a request for three windows over one year parses it once.
 */
export function r2CandleSource(bucket: R2Bucket): CandleSource {
  let index: Promise<CandleIndex | null> | null = null;
  const years = new Map<string, Promise<Candle[]>>();
  const readIndex = () => {
    index ??= bucket.get(CANDLE_INDEX_KEY).then(async (object) => {
      if (!object) return null;
      try {
        return JSON.parse(await object.text()) as CandleIndex;
      } catch {
        throw new PriceStoreError(`${CANDLE_INDEX_KEY} is not valid JSON`);
      }
    });
    return index;
  };
  const readYear = (feed: PriceFeed, year: number) => {
    const key = candleObjectKey(feed, year);
    let batch = years.get(key);
    if (!batch) {
      batch = bucket.get(key).then(async (object) => (object ? decodeCandles(await object.text(), key) : []));
      years.set(key, batch);
    }
    return batch;
  };
  return {
    async end(feed) {
      return (await readIndex())?.feeds[feed]?.end ?? null;
    },
    async candles(feed, from, to) {
      const stored = (await readIndex())?.feeds[feed]?.years ?? [];
      const wanted = stored.filter((year) => year >= yearOf(from) && year <= yearOf(to - 1));
      const batches = await Promise.all(wanted.sort((a, b) => a - b).map((year) => readYear(feed, year)));
      return batches.flat().filter((c) => c.time >= from && c.time < to);
    },
  };
}
