import { describe, expect, it } from "vitest";
import { healthFactorBand, healthFactorLabel } from "./healthFactorBand";

describe("healthFactorBand (Aave's colours)", () => {
  it("is green from 3, orange from 1.1 below 3, red below 1.1", () => {
    expect(healthFactorBand(3)).toBe("safe");
    expect(healthFactorBand(12)).toBe("safe");
    expect(healthFactorBand(2.999)).toBe("warning");
    expect(healthFactorBand(1.1)).toBe("warning");
    expect(healthFactorBand(1.0999)).toBe("danger");
    expect(healthFactorBand(0.95)).toBe("danger");
  });

  it("has no band without a health factor", () => {
    expect(healthFactorBand(null)).toBe("none");
    expect(healthFactorBand(Number.NaN)).toBe("none");
  });
});

describe("healthFactorLabel", () => {
  it("never calls a comfortable position at risk, and adds nothing to 'Liquidatable'", () => {
    expect(healthFactorLabel(1.6)).toBe("Moderate");
    expect(healthFactorLabel(1.93)).toBe("Moderate");
    expect(healthFactorLabel(3.2)).toBe("Safe");
    expect(healthFactorLabel(1.05)).toBe("Near liquidation");
    expect(healthFactorLabel(0.99)).toBeNull();
    expect(healthFactorLabel(null)).toBe("No debt");
  });
});
