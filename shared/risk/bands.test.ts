import { describe, expect, it } from "vitest";
import { riskBand } from "./bands";
import { gbmFirstPassage } from "./baselines";
import { normalCdf } from "./normal";

describe("risk bands", () => {
  it("reads the product's example 0.15 as medium, with edges at 0.05 and 0.30", () => {
    expect(riskBand(0.15)).toBe("medium");
    expect(riskBand(0.0499)).toBe("low");
    expect(riskBand(0.05)).toBe("medium");
    expect(riskBand(0.2999)).toBe("medium");
    expect(riskBand(0.3)).toBe("high");
  });
});

describe("GBM first-passage baseline", () => {
  it("is 2Φ(−ln HF/(σ√T)) and 1 at or below HF 1", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(gbmFirstPassage(Math.exp(0.1), 0.01, 100)).toBeCloseTo(2 * normalCdf(-1), 7);
    expect(gbmFirstPassage(1, 0.01, 24)).toBe(1);
    expect(gbmFirstPassage(2, 0, 24)).toBe(0);
  });
});
