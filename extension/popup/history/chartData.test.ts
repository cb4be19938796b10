import { describe, expect, it } from "vitest";
import { proposal } from "../../background/proposal.fixture";
import {
  formatChangePercent,
  HF_CHART_CAP,
  HISTORY_CURVE,
  healthFactorDomain,
  timeTickFormatter,
  toChartPoints,
  transactionMarks,
  valueChange,
  valueChangeText,
  valueDomain,
} from "./chartData";

const point = (takenAt: number, netValueUsd: number, healthFactor: number | null) => ({
  takenAt,
  netValueUsd,
  collateralUsd: netValueUsd * 2,
  debtUsd: netValueUsd,
  healthFactor,
  riskProbability: null,
});

describe("toChartPoints", () => {
  it("sorts by time and caps huge health factors", () => {
    const points = toChartPoints([point(2, 10, 80), point(1, 5, 1.3), point(3, 12, null)]);
    expect(points.map((p) => p.takenAt)).toEqual([1, 2, 3]);
    expect(points.map((p) => p.healthFactor)).toEqual([1.3, HF_CHART_CAP, null]);
  });
});

describe("healthFactorDomain", () => {
  it("always includes liquidation at 1 and leaves room above the data", () => {
    expect(healthFactorDomain(toChartPoints([point(1, 1, 1.3), point(2, 1, 1.6)]))).toEqual([1, 1.8]);
    expect(healthFactorDomain(toChartPoints([point(1, 1, 0.95)]))).toEqual([0.9, 1.5]);
  });
  it("has a sensible default with no debt in the range", () => {
    expect(healthFactorDomain(toChartPoints([point(1, 1, null)]))).toEqual([1, 3]);
  });
});

describe("valueChange", () => {
  it("is the last minus the first net value, and the fraction of the first", () => {
    expect(valueChange(toChartPoints([point(1, 100, 2), point(2, 90, 2), point(3, 110, 2)]))).toEqual({
      usd: 10,
      fraction: 0.1,
    });
    expect(valueChange(toChartPoints([point(1, 100, 2)]))).toBeNull();
  });
  it("gives no percentage of a dust starting value", () => {
    expect(valueChange(toChartPoints([point(1, 0.02, 2), point(2, 1000, 2)]))).toEqual({
      usd: 999.98,
      fraction: null,
    });
  });
});

describe("formatChangePercent", () => {
  it("reads like a person would say it", () => {
    expect(formatChangePercent(0.021)).toBe("+2.1 %");
    expect(formatChangePercent(0.0004)).toBe("+0.04 %");
    expect(formatChangePercent(0)).toBe("0 %");
    expect(formatChangePercent(12.5)).toBe("+1,250 %");
  });

  it("a drop keeps its minus, however large or small", () => {
    expect(formatChangePercent(-0.35)).toBe("−35 %");
    expect(formatChangePercent(-0.0004)).toBe("−0.04 %");
    expect(formatChangePercent(-0.00000001)).toBe("−< 0.01 %");
  });
});

describe("valueChangeText", () => {
  it("signs the amount and the percentage of a drop, with a proper minus", () => {
    // The audit's screen read "−$32,743.62 (92 %)".
    expect(valueChangeText({ usd: -32_743.62, fraction: -0.92 })).toBe("−$32,743.62 (−92 %)");
  });

  it("signs a gain too, and leaves out a percentage of dust", () => {
    expect(valueChangeText({ usd: 120, fraction: 0.021 })).toBe("+$120.00 (+2.1 %)");
    expect(valueChangeText({ usd: 5, fraction: null })).toBe("+$5.00");
  });
});

describe("HISTORY_CURVE", () => {
  it("draws straight lines between samples, never an invented smooth curve", () => {
    expect(HISTORY_CURVE).toBe("linear");
  });
});

describe("transactionMarks", () => {
  const points = toChartPoints([point(1_000, 100, 2), point(5_000, 100, 2.5)]);
  const at = (ms: number) => new Date(ms).toISOString();

  it("marks the user's confirmed transactions inside the charted span, oldest first", () => {
    const marks = transactionMarks(
      [
        proposal({ status: "confirmed", title: "Repay 500 DAI on Aave", updatedAt: at(3_000) }),
        proposal({ status: "confirmed", title: "Supply 1 WETH on Aave", updatedAt: at(2_000) }),
        proposal({ status: "pending", title: "Pending one", updatedAt: at(2_500) }),
        proposal({ status: "failed", title: "Failed one", updatedAt: at(2_600) }),
        proposal({ status: "confirmed", title: "Before the chart", updatedAt: at(500) }),
      ],
      points,
    );
    expect(marks).toEqual([
      { at: 2_000, title: "Supply 1 WETH on Aave" },
      { at: 3_000, title: "Repay 500 DAI on Aave" },
    ]);
  });

  it("marks nothing without points", () => {
    expect(transactionMarks([proposal({ status: "confirmed", updatedAt: at(2_000) })], [])).toEqual([]);
  });
});

describe("timeTickFormatter", () => {
  const at = Date.UTC(2026, 0, 5, 14, 30, 15);
  it("shows seconds when the points span minutes, dates when they span weeks", () => {
    const minutes = timeTickFormatter(toChartPoints([point(at, 1, 2), point(at + 5 * 60_000, 1, 2)]));
    expect(minutes(at)).toMatch(/^\d\d:30:15$/);
    const weeks = timeTickFormatter(toChartPoints([point(at, 1, 2), point(at + 10 * 86_400_000, 1, 2)]));
    expect(weeks(at)).toMatch(/^Jan [45]$/);
  });
});

describe("valueDomain", () => {
  it("hugs the data with some room instead of starting at zero, ending on round numbers", () => {
    expect(valueDomain(toChartPoints([point(1, 12_240, 2), point(2, 11_235, 2)]))).toEqual([11_000, 12_500]);
    expect(valueDomain(toChartPoints([point(1, 1_003, 2), point(2, 1_001, 2)]))).toEqual([990, 1_020]);
  });
});
