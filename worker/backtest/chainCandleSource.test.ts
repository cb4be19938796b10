import { describe, expect, it } from "vitest";
import type { Candle } from "../../shared/prices/types";
import type { PriceFeed } from "../../shared/risk/assets";
import type { OracleCandles } from "../defi/market/oracle/oracleHistory";
import { chainCandleSource } from "./chainCandleSource";
import type { CandleSource } from "./pricePath";

const H = 3600;
const T0 = Date.UTC(2025, 0, 1) / 1000;
const candle = (h: number, close: number): Candle => ({
  time: T0 + h * H,
  open: close,
  high: close,
  low: close,
  close,
});
const hours = (from: number, to: number, price: number) =>
  Array.from({ length: to - from }, (_, k) => candle(from + k, price));

function archive(feeds: Partial<Record<PriceFeed, Candle[]>>): CandleSource & { reads: number } {
  const source = {
    reads: 0,
    candles: async (feed: PriceFeed, from: number, to: number) => {
      source.reads++;
      return (feeds[feed] ?? []).filter((c) => c.time >= from && c.time < to);
    },
    end: async (feed: PriceFeed) => {
      const last = feeds[feed]?.at(-1);
      return last ? last.time + H : null;
    },
  };
  return source;
}

const chain = (feeds: OracleCandles["feeds"]) => async (): Promise<OracleCandles> => ({
  asOf: T0 + 48 * H,
  feeds,
});

describe("the chain's oracle history before the archive", () => {
  it("a window the oracle covers comes from the chain alone, ends where the chain is, and says so", async () => {
    const store = archive({ ETH: hours(-100, -10, 2000) });
    const source = chainCandleSource(chain({ ETH: hours(0, 48, 3000) }), store);
    expect(await source.end("ETH")).toBe(T0 + 48 * H);
    const candles = await source.candles("ETH", T0 + 10 * H, T0 + 20 * H);
    expect(candles.map((c) => c.close)).toEqual(Array(10).fill(3000));
    expect(store.reads).toBe(0);
    expect(source.note?.(T0 + 10 * H, T0 + 20 * H)).toBe(
      "prices from 2025-01-01 10:00 UTC on are the chain's own oracle rounds (hourly open, high, low and close of what Aave's oracle answered), not exchange candles",
    );
  });

  it("an older window, or a feed the chain does not keep, reads the archive and says nothing of the oracle", async () => {
    const store = archive({ ETH: hours(-100, -10, 2000), BTC: hours(0, 48, 40_000) });
    const source = chainCandleSource(chain({ ETH: hours(0, 48, 3000) }), store);
    const older = await source.candles("ETH", T0 - 50 * H, T0 - 20 * H);
    expect(older.map((c) => c.close)).toEqual(Array(30).fill(2000));
    expect(source.note?.(T0 - 50 * H, T0 - 20 * H)).toBeNull();
    expect((await source.candles("BTC", T0, T0 + 5 * H)).map((c) => c.close)).toEqual(Array(5).fill(40_000));
    expect(await source.end("BTC")).toBe(T0 + 48 * H);
  });

  it("a window that starts before the oracle's history never mixes the two: the source with more of its hours", async () => {
    const source = chainCandleSource(
      chain({ ETH: hours(0, 48, 3000) }),
      archive({ ETH: hours(-30, 2, 2000) }),
    );
    // 30 h from the archive vs 38 h from the chain: the chain's, alone.
    expect(new Set((await source.candles("ETH", T0 - 10 * H, T0 + 38 * H)).map((c) => c.close))).toEqual(
      new Set([3000]),
    );
    // 30 archive hours vs 2 of the chain's: the archive's, alone.
    expect(new Set((await source.candles("ETH", T0 - 30 * H, T0 + 2 * H)).map((c) => c.close))).toEqual(
      new Set([2000]),
    );
  });

  it("an oracle history that cannot be read leaves the archive answering, and logs why once", async () => {
    const logged: Record<string, unknown>[] = [];
    let loads = 0;
    const source = chainCandleSource(
      async () => {
        loads++;
        throw new Error("chain 31337: fetch failed");
      },
      archive({ ETH: hours(-100, -10, 2000) }),
      (event) => logged.push(event),
    );
    expect(await source.end("ETH")).toBe(T0 - 10 * H);
    expect((await source.candles("ETH", T0 - 20 * H, T0 - 10 * H)).length).toBe(10);
    expect(loads).toBe(1);
    expect(logged).toEqual([
      {
        level: "warn",
        msg: "oracle history unavailable for the back-test",
        error: "Error: chain 31337: fetch failed",
      },
    ]);
  });
});
