import { describe, expect, it } from "vitest";
import {
  HF_CHART_CAP,
  healthFactorDomain,
  timeTickFormatter,
  toChartPoints,
  valueChange,
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
  it("hugs the data with some room instead of starting at zero", () => {
    expect(valueDomain(toChartPoints([point(1, 12_240, 2), point(2, 11_235, 2)]))).toEqual([11084, 12391]);
  });
});
