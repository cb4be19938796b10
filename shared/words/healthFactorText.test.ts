import { describe, expect, it } from "vitest";
import { formatHealthFactor } from "./healthFactorText";

describe("formatHealthFactor", () => {
  it("says Liquidatable below 1, never a rounded-up 1.00", () => {
    expect(formatHealthFactor(0.995)).toBe("Liquidatable");
    expect(formatHealthFactor(0.47)).toBe("Liquidatable");
    expect(formatHealthFactor(1)).toBe("1.00");
  });
  it("two decimals from 1 up", () => {
    expect(formatHealthFactor(1.2534)).toBe("1.25");
    expect(formatHealthFactor(1.3)).toBe("1.30");
    expect(formatHealthFactor(250)).toBe("> 100");
  });
  it("names the no-debt case", () => {
    expect(formatHealthFactor(null)).toBe("No debt");
    expect(formatHealthFactor(null, "—")).toBe("—");
  });
});
