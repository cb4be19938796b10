import { describe, expect, it } from "vitest";
import { formatTokenAmount, formatTokenUnits } from "./tokenAmount";

describe("a token amount for people", () => {
  it("groups thousands and keeps four decimals from 1 up, six below", () => {
    expect(formatTokenAmount(7322.742476)).toBe("7,322.7425");
    expect(formatTokenAmount(2)).toBe("2");
    expect(formatTokenAmount(0.05234123)).toBe("0.052341");
  });

  it("dust reads as dust, never as 0", () => {
    expect(formatTokenAmount(0.0000004)).toBe("< 0.000001");
    expect(formatTokenAmount(0)).toBe("0");
  });

  it("a negative amount keeps the precision of its size and a proper minus", () => {
    expect(formatTokenAmount(-1234.56789)).toBe("−1,234.5679");
  });

  it("token units read the same as the number they stand for", () => {
    expect(formatTokenUnits(7_322_742_476_000_000_000_000n, 18, "DAI")).toBe("7,322.7425 DAI");
    expect(formatTokenUnits(1_500_000n, 6, "USDC")).toBe("1.5 USDC");
  });
});
