import { describe, expect, it } from "vitest";
import type { Candle } from "../../shared/prices/types";
import type { PriceFeed } from "../../shared/risk/assets";
import { buildPricePath, type CandleSource, MissingPriceDataError, UnpricedAssetError } from "./pricePath";

const T0 = Date.UTC(2022, 5, 1) / 1000;
const candle = (h: number, close: number, open = close): Candle => ({
  time: T0 + h * 3600,
  open,
  high: Math.max(open, close),
  low: Math.min(open, close),
  close,
});

function source(feeds: Partial<Record<PriceFeed, Candle[]>>): CandleSource {
  return {
    candles: async (feed, from, to) => (feeds[feed] ?? []).filter((c) => c.time >= from && c.time < to),
    end: async (feed) => {
      const last = feeds[feed]?.at(-1);
      return last ? last.time + 3600 : null;
    },
  };
}

describe("buildPricePath", () => {
  it("moves relative to the window's first open; a missing hour carries the last close; stablecoins stay flat", async () => {
    // Ten hours, hour 5 missing (9 of 10 = 90 %): ETH falls $100 an hour from $2,000.
    const eth = [0, 1, 2, 3, 4, 6, 7, 8, 9].map((h) =>
      candle(h, 2000 - 100 * h, 2000 - 100 * Math.max(0, h - 1)),
    );
    const path = await buildPricePath(["WETH", "DAI"], T0, T0 + 10 * 3600, source({ ETH: eth }));
    expect(path.hours).toHaveLength(10);
    expect(path.moves.get("WETH")?.map((m) => m.close)).toEqual([
      1, 0.95, 0.9, 0.85, 0.8, 0.8, 0.7, 0.65, 0.6, 0.55,
    ]);
    expect(path.moves.get("DAI")?.every((m) => m.close === 1 && m.low === 1)).toBe(true);
  });

  it("prices wstETH from the STETH feed, or from ETH (and says so) before that history", async () => {
    const eth = [candle(0, 2000), candle(1, 1000, 2000)];
    const steth = [candle(0, 1900), candle(1, 900, 1900)];
    const withSteth = await buildPricePath(["wstETH"], T0, T0 + 7200, source({ ETH: eth, STETH: steth }));
    expect(withSteth.moves.get("wstETH")?.[1]?.close).toBeCloseTo(900 / 1900, 12);
    expect(withSteth.followsEth).toEqual([]);
    const before = await buildPricePath(["wstETH"], T0, T0 + 7200, source({ ETH: eth }));
    expect(before.moves.get("wstETH")?.[1]?.close).toBe(0.5);
    expect(before.followsEth).toEqual(["wstETH"]);
  });

  it("refuses a window with under 90 % of its hours, naming the asset and the range", async () => {
    const eth = [candle(0, 2000)];
    const refused = buildPricePath(["WETH"], T0, T0 + 10 * 3600, source({ ETH: eth }));
    await expect(refused).rejects.toBeInstanceOf(MissingPriceDataError);
    await expect(refused).rejects.toThrow(
      "no price data for WETH from 2022-06-01T00:00:00.000Z to 2022-06-01T10:00:00.000Z: only 1 of 10 hours have a candle",
    );
    await expect(buildPricePath(["PEPE"], T0, T0 + 3600, source({}))).rejects.toBeInstanceOf(
      UnpricedAssetError,
    );
  });
});
