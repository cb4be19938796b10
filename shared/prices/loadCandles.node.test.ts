import { describe, expect, it } from "vitest";
import { loadCandles, loadStethEth } from "./loadCandles.node.js";
import { resolvePricesDir } from "./pricesDir.node.js";

describe("loadCandles on the team's real price files", () => {
  const dir = resolvePricesDir({ env: {} });

  it("loads ascending hourly ETH, LINK and BTC candles", () => {
    for (const symbol of ["ETH", "LINK", "BTC"] as const) {
      const candles = loadCandles(dir, symbol);
      expect(candles.length).toBeGreaterThan(17_000);
      expect(candles.at(-1)!.time).toBe(Date.parse("2023-12-31T23:00:00Z") / 1000);
    }
  });

  it("loads the stETH/ETH feed near 1, with the June 2022 discount in it", () => {
    const feed = loadStethEth(dir);
    const june = feed.filter(
      (p) => p.time >= Date.parse("2022-06-10") / 1000 && p.time < Date.parse("2022-07-01") / 1000,
    );
    expect(Math.min(...june.map((p) => p.price))).toBeLessThan(0.97);
  });
});
