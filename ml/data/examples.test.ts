import { describe, expect, it } from "vitest";
import type { Candle } from "../../shared/prices/types";
import { generateExamples, liquidationLabel } from "./examples";
import { buildMarketData } from "./market";

const T0 = 1_700_000_000 - (1_700_000_000 % 3600);
function flatCandles(
  hours: number,
  price: number,
  override: Record<number, Partial<Candle>> = {},
  skip: number[] = [],
) {
  const out: Candle[] = [];
  for (let h = 0; h < hours; h++) {
    if (skip.includes(h)) continue;
    out.push({ time: T0 + h * 3600, open: price, high: price, low: price, close: price, ...override[h] });
  }
  return out;
}
const position = {
  collateral: [{ asset: "WETH" as const, usd: 1000, liquidationThreshold: 0.8 }],
  debt: [{ asset: "USDC" as const, usd: 700 }],
}; // HF = 800/700 ≈ 1.143: a 12.5 % fall liquidates

describe("liquidationLabel", () => {
  const asOf = T0 + 200 * 3600;

  it("values collateral at each hour's low: a wick below the line is a liquidation", () => {
    const wick = buildMarketData({ ETH: flatCandles(400, 100, { 210: { low: 87 } }) });
    expect(liquidationLabel(wick, position, asOf, 24)).toBe(1);
    const shallow = buildMarketData({ ETH: flatCandles(400, 100, { 210: { low: 88 } }) });
    expect(liquidationLabel(shallow, position, asOf, 24)).toBe(0);
  });

  it("only looks inside the horizon", () => {
    const late = buildMarketData({ ETH: flatCandles(400, 100, { 230: { low: 50 } }) });
    expect(liquidationLabel(late, position, asOf, 24)).toBe(0);
    expect(liquidationLabel(late, position, asOf, 168)).toBe(1);
  });

  it("values debt at each hour's high", () => {
    const ethDebt = {
      collateral: [{ asset: "USDC" as const, usd: 1000, liquidationThreshold: 0.8 }],
      debt: [{ asset: "WETH" as const, usd: 700 }],
    };
    const spike = buildMarketData({ ETH: flatCandles(400, 100, { 205: { high: 115 } }) });
    expect(liquidationLabel(spike, ethDebt, asOf, 24)).toBe(1);
  });

  it("never labels across a gap", () => {
    const gap = buildMarketData({ ETH: flatCandles(400, 100, {}, [210, 211]) });
    expect(liquidationLabel(gap, position, asOf, 24)).toBeNull();
    expect(liquidationLabel(gap, position, asOf + 20 * 3600, 24)).toBe(0);
  });
});

describe("generateExamples", () => {
  it("is deterministic for a seed, keeps asOf inside the range and skips windows with gaps", () => {
    const market = buildMarketData({ ETH: flatCandles(2000, 100, {}, [1000, 1001, 1002]) });
    const range = { from: T0 + 300 * 3600, to: T0 + 1900 * 3600 };
    const a = generateExamples({ market, ranges: [range], horizonHours: 24, count: 300, seed: 3 });
    const b = generateExamples({ market, ranges: [range], horizonHours: 24, count: 300, seed: 3 });
    expect(a).toEqual(b);
    expect(a).toHaveLength(300);
    for (const e of a) {
      expect(e.asOf).toBeGreaterThanOrEqual(range.from);
      expect(e.asOf + 24 * 3600).toBeLessThanOrEqual(range.to);
      const gapStart = T0 + 1000 * 3600;
      expect(e.asOf > gapStart || e.asOf + 24 * 3600 <= gapStart).toBe(true);
    }
  });
});
