import { describe, expect, it } from "vitest";
import { amountText, riskText } from "./previewWords";

describe("the in-page preview's words", () => {
  it("a token amount reads as on every other screen: grouped, four decimals", () => {
    expect(amountText({ amount: 7322.742476, symbol: "DAI", amountUsd: 7322.742476 })).toBe(
      "7,322.7425 DAI ($7,322.74)",
    );
  });

  it("an amount Vigil cannot price says so", () => {
    expect(amountText({ amount: null, symbol: null, amountUsd: null })).toBe("an amount Vigil cannot price");
  });

  it("a small probability is '< 1 %', as in the popup", () => {
    expect(riskText({ probability: 0.004, band: "low" })).toBe("< 1 % (low)");
  });
});
