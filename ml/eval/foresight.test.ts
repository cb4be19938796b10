import { describe, expect, it } from "vitest";
import type { Candle } from "../../shared/prices/types";
import { buildMarketData } from "../data/market";
import { realisedVolatility } from "./foresight";

const T0 = 1_700_000_000 - (1_700_000_000 % 3600);
const HOUR = 3600;
const position = {
  collateral: [{ asset: "WETH" as const, usd: 1000, liquidationThreshold: 0.8 }],
  debt: [{ asset: "USDC" as const, usd: 700 }],
};

/** ETH alternating ×1.01 / ÷1.01 each hour, each candle spanning ±range around its close. */
function zigzag(hours: number, range: number): Candle[] {
  const out: Candle[] = [];
  for (let h = 0; h < hours; h++) {
    const close = h % 2 === 1 ? 101 : 100;
    out.push({
      time: T0 + h * HOUR,
      open: close,
      close,
      low: close * (1 - range),
      high: close * (1 + range),
    });
  }
  return out;
}

describe("realisedVolatility", () => {
  const asOf = T0 + 200 * HOUR;

  it("reads the window after asOf: close-to-close and range volatility of the ratio", () => {
    const market = buildMarketData({ ETH: zigzag(400, 0.02) });
    const vol = realisedVolatility(market, position, asOf, 24)!;
    // Every hour moves ln(1.01) one way or the other.
    expect(vol.close).toBeCloseTo(Math.log(1.01), 12);
    // Collateral share is all ETH, debt all stable: R's hourly range is ETH's, ln(1.02/0.98).
    expect(vol.range).toBeCloseTo(Math.log(1.02 / 0.98) / Math.sqrt(4 * Math.LN2), 12);
  });

  it("does not see the hours before asOf", () => {
    const calmAfter = buildMarketData({
      ETH: zigzag(400, 0.02).map((c, h) =>
        h >= 199 ? { ...c, open: 100, close: 100, low: 100, high: 100 } : c,
      ),
    });
    expect(realisedVolatility(calmAfter, position, asOf, 24)).toEqual({ close: 0, range: 0 });
  });

  it("is null across a gap", () => {
    const market = buildMarketData({ ETH: zigzag(400, 0.01).filter((_, h) => h !== 210) });
    expect(realisedVolatility(market, position, asOf, 24)).toBeNull();
  });
});
