import { describe, expect, it } from "vitest";
import type { AaveAccount } from "../schemas/portfolio";
import { healthFactorIfSignedNow } from "./actionOutcome";

// 10 WETH at $2,000 (LT 0.825) against 17,000 DAI: HF 0.97, liquidatable.
const account = {
  healthFactor: (20_000 * 0.825) / 17_000,
  totalDebtUsd: 17_000,
  supplies: [{ symbol: "WETH", priceUsd: 2_000, liquidationThreshold: 0.825 }] as AaveAccount["supplies"],
  borrows: [{ symbol: "DAI", priceUsd: 1 }] as AaveAccount["borrows"],
};

describe("healthFactorIfSignedNow", () => {
  it("a repay sized when the position was healthier leaves it below 1 now", () => {
    // 300 DAI: 16,500 / 16,700.
    expect(healthFactorIfSignedNow(account, { action: "repay", asset: "DAI", amount: 300 })).toBeCloseTo(
      16_500 / 16_700,
      9,
    );
  });

  it("a repay of all the debt leaves no debt: no health factor to fall", () => {
    expect(healthFactorIfSignedNow(account, { action: "repay", asset: "DAI", amount: 20_000 })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("supplying adds the collateral at its liquidation threshold; restaking takes it away", () => {
    expect(
      healthFactorIfSignedNow(account, { action: "supply_collateral", asset: "WETH", amount: 2 }),
    ).toBeCloseTo((16_500 + 3_300) / 17_000, 9);
    expect(healthFactorIfSignedNow(account, { action: "rebalance", asset: "WETH", amount: 2 })).toBeCloseTo(
      (16_500 - 3_300) / 17_000,
      9,
    );
  });

  it("cannot tell for an asset the account does not hold, or without debt", () => {
    expect(healthFactorIfSignedNow(account, { action: "repay", asset: "USDC", amount: 1 })).toBeNull();
    expect(
      healthFactorIfSignedNow({ ...account, totalDebtUsd: 0 }, { action: "repay", asset: "DAI", amount: 1 }),
    ).toBeNull();
  });
});
