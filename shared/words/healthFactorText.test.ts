import { describe, expect, it } from "vitest";
import { formatHealthFactor, formatHealthFactorAgainst, formatHealthFactorBelow } from "./healthFactorText";

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

describe("formatHealthFactorBelow", () => {
  it("two decimals, as on every screen, while they stay below the line", () => {
    expect(formatHealthFactorBelow(1.186, 1.25)).toBe("1.19");
    expect(formatHealthFactorBelow(0.93, 1.1)).toBe("0.93");
  });
  it("more decimals where two would round up to the line itself", () => {
    expect(formatHealthFactorBelow(1.2496, 1.25)).toBe("1.2496");
    expect(formatHealthFactorBelow(1.2479, 1.25)).toBe("1.248");
    expect(formatHealthFactorBelow(1.19999, 1.2)).toBe("1.1999");
  });
});

describe("formatHealthFactorAgainst", () => {
  it("never rounds a figure under the alert up to the alert", () => {
    expect(formatHealthFactorAgainst(1.2999, 1.3)).toBe("1.2999");
    expect(formatHealthFactorAgainst(1.296, 1.3)).toBe("1.296");
    expect(formatHealthFactorAgainst(1.2, 1.3)).toBe("1.20");
  });
  it("is the dashboard's figure everywhere else", () => {
    expect(formatHealthFactorAgainst(1.3004, 1.3)).toBe("1.30");
    expect(formatHealthFactorAgainst(0.9999, 1.3)).toBe("Liquidatable");
    expect(formatHealthFactorAgainst(null, 1.3)).toBe("No debt");
    expect(formatHealthFactorAgainst(null, 1.3, "∞")).toBe("∞");
    expect(formatHealthFactorAgainst(1.2999, undefined)).toBe("1.30");
  });
});
