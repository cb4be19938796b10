import { describe, expect, it } from "vitest";
import expected from "./featureParity.expected.json" with { type: "json" };
import { maxRelativeDifference, PARITY_CASES } from "./featureParity.fixture";
import { computeRiskFeatures, FEATURE_COUNT } from "./features";
import type { PricePoint } from "./priceHistory";
import { historyAsOf, sampleHourlyGrid } from "./priceHistory";

describe("computeRiskFeatures", () => {
  it("matches the committed parity vectors (the workerd test checks the same file)", () => {
    const vectors = PARITY_CASES.map((input) => computeRiskFeatures(input).vector);
    expect(vectors).toEqual(expected); // Node generated the file: bit-identical here
    expect(maxRelativeDifference(vectors, expected)).toBe(0);
    expect(vectors.every((v) => v.length === FEATURE_COUNT && v.every(Number.isFinite))).toBe(true);
  });

  it("never reads a price after asOf: a crash injected after asOf changes nothing", () => {
    for (const input of PARITY_CASES) {
      const before = computeRiskFeatures(input);
      const crashed = Object.fromEntries(
        Object.entries(input.history).map(([feed, points]) => [
          feed,
          (points as PricePoint[]).map((p) =>
            p.time > input.asOf ? { time: p.time, price: p.price * 0.3 } : p,
          ),
        ]),
      );
      expect(computeRiskFeatures({ ...input, history: crashed })).toEqual(before);
      expect(computeRiskFeatures({ ...input, history: historyAsOf(input.history, input.asOf) })).toEqual(
        before,
      );
    }
  });

  it("does see a crash at asOf itself (the test above would catch look-ahead, not blindness)", () => {
    const input = PARITY_CASES[0]!;
    const eth = input.history.ETH!.map((p) =>
      p.time > input.asOf - 12 * 3600 && p.time <= input.asOf ? { ...p, price: p.price * 0.7 } : p,
    );
    const crashed = computeRiskFeatures({ ...input, history: { ETH: eth } });
    expect(crashed.ratioVol.h24).toBeGreaterThan(computeRiskFeatures(input).ratioVol.h24 * 1.5);
  });

  it("falls back to the prior volatility and says so when history is short or missing", () => {
    const short = computeRiskFeatures(PARITY_CASES[2]!);
    expect(short.limitedHistory).toBe(true);
    expect(short.historyHours).toBe(60);
    const none = computeRiskFeatures({ ...PARITY_CASES[0]!, history: {} });
    expect(none.historyHours).toBe(0);
    expect(none.ratioVol.h168).toBeCloseTo(none.priorRatioVol, 12);
    expect(none.priorRatioVol).toBeCloseTo(0.0082, 6); // all-ETH collateral against USDC: ETH's prior
  });

  it("leaves gaps as gaps on the hourly grid (no interpolation)", () => {
    const points = [
      { time: 0, price: 1 },
      { time: 3600, price: 2 },
      { time: 10 * 3600, price: 3 },
    ];
    const grid = sampleHourlyGrid(points, 10 * 3600, 10, 3 * 3600);
    expect(grid[0]).toBe(3);
    expect(Number.isNaN(grid[5]!)).toBe(true); // 4 h after the last price: stale
    expect(grid[8]).toBe(2); // 1 h after: still current
    expect(grid[10]).toBe(1);
  });
});
