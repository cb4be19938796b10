import { describe, expect, it } from "vitest";
import type { Candle } from "../../shared/prices/types";
import type { LoadedRiskModel } from "../../shared/risk/model";
import { buildMarketData } from "../data/market";
import { alertOpenAt, liquidationLeadTimes, modelForecaster, replayAlert } from "./leadTime";

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
    const warned = liquidationLeadTimes({
      market,
      forecast: modelForecaster(stub(0.5, seen)),
      window,
      count: 300,
      seed: 1,
    });
    expect(warned.positions).toBe(300);
    expect(warned.liquidated).toBeGreaterThan(50);
    expect(warned.warned).toBe(warned.liquidated - warned.tooSoon);
    expect(warned.share).toBe(1);
    // The forecast was made on the position as it stood then: HF above 1 (log HF, the first feature, > 0).
    expect(seen.every((logHf) => logHf > 0)).toBe(true);
    const silent = liquidationLeadTimes({
      market,
      forecast: modelForecaster(stub(0.29, [])),
      window,
      count: 300,
      seed: 1,
    });
    expect(silent.share).toBe(0);
    expect(silent.liquidated).toBe(warned.liquidated);
    // A high forecast from the opening on raised the alert and nothing cleared it; one under the band never did.
    expect(warned.alerted).toBe(warned.warned);
    expect(warned.alertedShare).toBe(1);
    expect(silent.alerted).toBe(0);
    // Raised at the opening (high from the first reading), so every warning came at least 6 h ahead.
    expect(warned.raisedEarly).toBe(warned.liquidated - warned.tooSoon);
    expect(warned.raisedAtOpening).toBe(warned.raisedEarly);
    expect(warned.raisedEarlyShare).toBe(1);
    expect(silent.raisedEarly).toBe(0);
    expect(silent.raisedEarlyShare).toBe(0);
  });
});

describe("alertOpenAt: the monitoring's alert, replayed on hourly forecasts", () => {
  // ETH flat at 100, a dip to 90 over hours 1000–1005, back to 100 by hour 1015, flat after.
  const dipPrice = (h: number) =>
    h < 1000 ? 100 : h < 1005 ? 100 - 2 * (h - 1000) : h < 1015 ? 90 + (h - 1005) : 100;
  const dip = buildMarketData({
    ETH: Array.from({ length: 1200 }, (_, h) => ({
      time: T0 + h * 3600,
      open: dipPrice(h),
      close: dipPrice(h + 1),
      low: Math.min(dipPrice(h), dipPrice(h + 1)),
      high: Math.max(dipPrice(h), dipPrice(h + 1)),
    })),
  });
  // HF 1.143 at 100, 1.029 at 90; the stub is "high" below HF 1.08 (ETH under ≈ 94.5) and `calm` above.
  const position = {
    collateral: [{ asset: "WETH" as const, usd: 100, liquidationThreshold: 0.8 }],
    debt: [{ asset: "USDC" as const, usd: 70 }],
  };
  const byHealth = (calm: number): LoadedRiskModel => ({
    ...stub(0),
    predict: (rows) => rows.map((row) => (row[0]! < Math.log(1.08) ? 0.5 : calm)),
  });
  const opened = T0 + 990 * 3600;
  const after = T0 + 1100 * 3600;

  it("stays open after the dip while the forecast is above the clear line (hysteresis), closes below it", () => {
    expect(alertOpenAt(dip, modelForecaster(byHealth(0.27)), position, opened, after)).toBe(true);
    expect(alertOpenAt(dip, modelForecaster(byHealth(0.1)), position, opened, after)).toBe(false);
    // Before the dip nothing was raised, whatever the model says above HF 1.08.
    expect(alertOpenAt(dip, modelForecaster(byHealth(0.27)), position, opened, T0 + 999 * 3600)).toBe(false);
  });

  it("remembers when the alert was first raised, also when it cleared since", () => {
    const cleared = replayAlert(dip, modelForecaster(byHealth(0.1)), position, opened, after);
    expect(cleared.open).toBe(false);
    // Raised in the dip (ETH under ≈ 94.5 from hour 1003), not before it, not at the opening.
    expect(cleared.firstRaisedAt).not.toBeNull();
    expect(cleared.firstRaisedAt!).toBeGreaterThanOrEqual(T0 + 1002 * 3600);
    expect(cleared.firstRaisedAt!).toBeLessThanOrEqual(T0 + 1005 * 3600);
    const kept = replayAlert(dip, modelForecaster(byHealth(0.27)), position, opened, after);
    expect(kept).toEqual({ open: true, firstRaisedAt: cleared.firstRaisedAt });
    expect(replayAlert(dip, modelForecaster(stub(0.29)), position, opened, after)).toEqual({
      open: false,
      firstRaisedAt: null,
    });
  });

  it("is never raised by forecasts under the high band", () => {
    expect(alertOpenAt(dip, modelForecaster(stub(0.29)), position, opened, after)).toBe(false);
    expect(alertOpenAt(dip, modelForecaster(stub(0.3)), position, opened, T0 + 995 * 3600)).toBe(true);
  });
});
