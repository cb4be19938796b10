import { describe, expect, it } from "vitest";
import type { AaveAccount, AaveSupply } from "../schemas/portfolio";
import {
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
      supplies: [supply("LINK", 500, 15, 9), supply("WETH", 30_000, 3347, 2577)],
    } as AaveAccount;
    const distance = liquidationDistance(account)!;
    expect(distance.symbol).toBe("WETH");
    expect(liquidationDistanceText(distance)).toBe(
      "WETH would have to fall 23 % (to $2,577) for liquidation",
    );
    expect(liquidationDistance({ supplies: [supply("WETH", 1, 1, null)] } as AaveAccount)).toBeNull();
    expect(liquidationDistanceText({ symbol: "WETH", fall: -0.05, liquidationPriceUsd: 2500 })).toBe(
      "WETH is at or below its liquidation price ($2,500)",
    );
  });
  it("odds as 1 in N over the horizon", () => {
    expect(liquidationOddsText(1 / 150, "24h")).toBe("about 1 in 150 in a day");
    expect(liquidationOddsText(0.0001, "7d")).toBe("less than 1 in 1,000 in a week");
    expect(liquidationOddsText(0.7, "24h")).toBe("more likely than not in a day");
  });

  it("the forecast's sentence: odds while above 1, liquidatable now below 1", () => {
    const distance = { symbol: "WETH", fall: 0.05, liquidationPriceUsd: 2577 };
    expect(liquidationRiskSummary({ distance, probability: 0.69, horizon: "24h", healthFactor: 1.05 })).toBe(
      "WETH would have to fall 5 % (to $2,577) for liquidation: more likely than not in a day at today's volatility.",
    );
    // HF 0.95 on the devnet: the popup said "more likely than not in a day" beside a red "Liquidatable".
    const passed = { symbol: "WETH", fall: -0.05, liquidationPriceUsd: 2577 };
    expect(
      liquidationRiskSummary({ distance: passed, probability: 1, horizon: "24h", healthFactor: 0.95 }),
    ).toBe("WETH is at or below its liquidation price ($2,577): the position can be liquidated now.");
    expect(
      liquidationRiskSummary({ distance: null, probability: 1, horizon: "24h", healthFactor: 0.95 }),
    ).toBe("Health factor below 1: the position can be liquidated now.");
    expect(
      liquidationRiskSummary({ distance: null, probability: 0.01, horizon: "7d", healthFactor: null }),
    ).toBe("Liquidation: about 1 in 100 in a week at today's volatility.");
  });
});
