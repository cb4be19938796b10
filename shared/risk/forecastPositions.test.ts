import { describe, expect, it } from "vitest";
import { forecastPositions } from "./forecastPositions";

const account = {
  supplies: [
    { symbol: "WETH", amountUsd: 20_000, liquidationThreshold: 0.825, usedAsCollateral: true },
    { symbol: "USDC", amountUsd: 1_000, liquidationThreshold: 0.78, usedAsCollateral: false },
    { symbol: "GHO", amountUsd: 500, liquidationThreshold: 0, usedAsCollateral: true },
  ],
  borrows: [{ symbol: "DAI", amountUsd: 10_000 }],
  currentLiquidationThreshold: 0.8,
};

describe("forecastPositions: apply a change, then forecast", () => {
  it("without a change: the account as the forecast reads it (a 0-threshold supply is not collateral)", () => {
    expect(forecastPositions(account)).toEqual({
      supplies: [
        { symbol: "WETH", amountUsd: 20_000, liquidationThreshold: 0.825, usedAsCollateral: true },
        { symbol: "USDC", amountUsd: 1_000, liquidationThreshold: 0.78, usedAsCollateral: false },
        { symbol: "GHO", amountUsd: 500, liquidationThreshold: 0, usedAsCollateral: false },
      ],
      borrows: [{ symbol: "DAI", amountUsd: 10_000 }],
    });
  });

  it("a repay lowers the debt, a withdrawal the collateral, never below 0; symbols match in any case", () => {
    const repaid = forecastPositions(account, { symbol: "dai", collateralUsd: 0, debtUsd: -2_500 });
    expect(repaid.borrows).toEqual([{ symbol: "DAI", amountUsd: 7_500 }]);
    const withdrawn = forecastPositions(account, { symbol: "WETH", collateralUsd: -25_000, debtUsd: 0 });
    expect(withdrawn.supplies[0]?.amountUsd).toBe(0);
  });

  it("a first supply is added at the account's threshold (or the one given); a first borrow is added", () => {
    const supplied = forecastPositions(account, { symbol: "wstETH", collateralUsd: 3_000, debtUsd: 0 });
    expect(supplied.supplies.at(-1)).toEqual({
      symbol: "wstETH",
      amountUsd: 3_000,
      liquidationThreshold: 0.8,
      usedAsCollateral: true,
    });
    const notCollateral = forecastPositions(account, {
      symbol: "DAI",
      collateralUsd: 100,
      debtUsd: 0,
      newCollateralThreshold: 0,
    });
    expect(notCollateral.supplies.at(-1)).toMatchObject({ symbol: "DAI", usedAsCollateral: false });
    const borrowed = forecastPositions(account, { symbol: "USDC", collateralUsd: 0, debtUsd: 400 });
    expect(borrowed.borrows).toEqual([
      { symbol: "DAI", amountUsd: 10_000 },
      { symbol: "USDC", amountUsd: 400 },
    ]);
  });
});
