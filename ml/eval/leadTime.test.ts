import { describe, expect, it } from "vitest";
import type { Candle } from "../../shared/prices/types";
import type { LoadedRiskModel } from "../../shared/risk/model";
import { buildMarketData } from "../data/market";
import { liquidationLeadTimes } from "./leadTime";

const T0 = 1_700_000_000 - (1_700_000_000 % 3600);
// ETH flat at 100 for 1000 h, then −2 % an hour for 50 h, then flat: every levered position is liquidated.
const candles: Candle[] = Array.from({ length: 1200 }, (_, h) => {
  const price = (k: number) => 100 * 0.98 ** Math.min(50, Math.max(0, k - 1000));
  return { time: T0 + h * 3600, open: price(h), close: price(h + 1), low: price(h + 1), high: price(h) };
});
const market = buildMarketData({ ETH: candles });
const window = { from: T0 + 990 * 3600, to: T0 + 1100 * 3600 };
const stub = (probability: number, seen: number[] = []): LoadedRiskModel => ({
  version: "stub",
  meta: {} as LoadedRiskModel["meta"],
  logits: () => [],
  predict: (rows) =>
    rows.map((row) => {
      seen.push(row[0]!);
      return probability;
    }),
});

describe("liquidationLeadTimes", () => {
  it("counts a liquidation as warned when the forecast 6 h before the first touch is high", () => {
    const seen: number[] = [];
    const warned = liquidationLeadTimes({ market, model: stub(0.5, seen), window, count: 300, seed: 1 });
    expect(warned.positions).toBe(300);
    expect(warned.liquidated).toBeGreaterThan(50);
    expect(warned.warned).toBe(warned.liquidated - warned.tooSoon);
    expect(warned.share).toBe(1);
    // The forecast was made on the position as it stood then: HF above 1 (log HF, the first feature, > 0).
    expect(seen.every((logHf) => logHf > 0)).toBe(true);
    const silent = liquidationLeadTimes({ market, model: stub(0.29, []), window, count: 300, seed: 1 });
    expect(silent.share).toBe(0);
    expect(silent.liquidated).toBe(warned.liquidated);
  });
});
