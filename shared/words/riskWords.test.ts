import { describe, expect, it } from "vitest";
import type { AaveAccount, AaveSupply } from "../schemas/portfolio";
import {
  fallToLiquidation,
  formatFall,
  liquidationDistance,
  liquidationDistanceText,
  liquidationOddsText,
  liquidationRiskSummary,
} from "./riskWords";

const supply = (symbol: string, amountUsd: number, priceUsd: number, liquidationPriceUsd: number | null) =>
  ({ symbol, amountUsd, priceUsd, liquidationPriceUsd, usedAsCollateral: true }) as AaveSupply;

describe("risk in a borrower's words", () => {
  it("measures the fall on the largest collateral", () => {
    const account = {
      supplies: [supply("LINK", 500, 15, 9), supply("WETH", 30_000, 3249.5, 2576.97)],
    } as AaveAccount;
    const distance = liquidationDistance(account)!;
    expect(distance.symbol).toBe("WETH");
    expect(liquidationDistanceText(distance)).toBe(
      "WETH would have to fall 20.7 % (to $2,576.97) for liquidation",
    );
    expect(liquidationDistance({ supplies: [supply("WETH", 1, 1, null)] } as AaveAccount)).toBeNull();
    expect(liquidationDistanceText({ symbol: "WETH", fall: -0.05, liquidationPriceUsd: 2500 })).toBe(
      "WETH is at or below its liquidation price ($2,500.00)",
    );
  });
  it("says a fall to liquidation one way everywhere: one decimal, never rounded to 0", () => {
    // The popup's row and the forecast's sentence both say 20.7 % for $3,249.50 → $2,576.97 (once "21 %" and
    // "−20.70 %" on the same screen).
    expect(formatFall(fallToLiquidation(3249.5, 2576.97)!)).toBe("20.7 %");
    expect(formatFall(0.0462)).toBe("4.6 %");
    expect(formatFall(0.0004)).toBe("less than 0.1 %");
    expect(fallToLiquidation(2000, 1500)).toBe(0.25);
    expect(fallToLiquidation(2000, 2100)).toBeCloseTo(-0.05, 12);
    expect(fallToLiquidation(2000, null)).toBeNull();
    expect(fallToLiquidation(0, 10)).toBeNull();
  });

  it("odds as 1 in N over the horizon", () => {
    expect(liquidationOddsText(1 / 150, "24h")).toBe("about 1 in 150 in a day");
    expect(liquidationOddsText(0.0001, "7d")).toBe("less than 1 in 1,000 in a week");
    expect(liquidationOddsText(0.7, "24h")).toBe("more likely than not in a day");
  });

  it("the forecast's sentence: odds while above 1, liquidatable now below 1", () => {
    const distance = { symbol: "WETH", fall: 0.05, liquidationPriceUsd: 2577 };
    expect(liquidationRiskSummary({ distance, probability: 0.69, horizon: "24h", healthFactor: 1.05 })).toBe(
      "WETH would have to fall 5.0 % (to $2,577.00) for liquidation: more likely than not in a day at today's volatility.",
    );
    // HF 0.95 on the devnet: the popup said "more likely than not in a day" beside a red "Liquidatable".
    const passed = { symbol: "WETH", fall: -0.05, liquidationPriceUsd: 2577 };
    expect(
      liquidationRiskSummary({ distance: passed, probability: 1, horizon: "24h", healthFactor: 0.95 }),
    ).toBe("WETH is at or below its liquidation price ($2,577.00): the position can be liquidated now.");
    expect(
      liquidationRiskSummary({ distance: null, probability: 1, horizon: "24h", healthFactor: 0.95 }),
    ).toBe("Health factor below 1: the position can be liquidated now.");
    expect(
      liquidationRiskSummary({ distance: null, probability: 0.01, horizon: "7d", healthFactor: null }),
    ).toBe("Liquidation: about 1 in 100 in a week at today's volatility.");
  });
});
