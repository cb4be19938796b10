import { describe, expect, it } from "vitest";
import { isSignificantChange, type PortfolioFigures } from "./significantChange";

const base: PortfolioFigures = { netValueUsd: 10_000, debtUsd: 5_000, healthFactor: 1.5, riskBand: "low" };

describe("what counts as a significant portfolio change", () => {
  it("ignores interest-sized drift", () => {
    expect(
      isSignificantChange(base, { ...base, netValueUsd: 10_001, debtUsd: 5_001, healthFactor: 1.4999 }),
    ).toBe(false);
  });

  it("flags a health factor move above 1 %, a value move above 0.5 %, and a new risk band", () => {
    expect(isSignificantChange(base, { ...base, healthFactor: 1.48 })).toBe(true);
    expect(isSignificantChange(base, { ...base, netValueUsd: 10_060 })).toBe(true);
    expect(isSignificantChange(base, { ...base, debtUsd: 4_970 })).toBe(true);
    expect(isSignificantChange(base, { ...base, riskBand: "medium" })).toBe(true);
  });

  it("flags debt appearing or being repaid in full", () => {
    expect(isSignificantChange(base, { ...base, healthFactor: null })).toBe(true);
    expect(isSignificantChange({ ...base, healthFactor: null }, base)).toBe(true);
    expect(isSignificantChange({ ...base, healthFactor: null }, { ...base, healthFactor: null })).toBe(false);
  });
});
