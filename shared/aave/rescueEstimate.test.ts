import { describe, expect, it } from "vitest";
import type { AaveAccount } from "../schemas/portfolio";
import { rescueEstimates } from "./rescueEstimate";

// The seeded borrower's shape: 10 WETH at $3,450 (LT 0.825) against 21,260 DAI → HF ≈ 1.339 at these prices.
const supply = (symbol: string, amountUsd: number, priceUsd: number, liquidationThreshold: number) =>
  ({
    symbol,
    amountUsd,
    priceUsd,
    liquidationThreshold,
    usedAsCollateral: true,
  }) as AaveAccount["supplies"][number];
const borrow = (symbol: string, amountUsd: number, priceUsd: number) =>
  ({ symbol, amountUsd, priceUsd }) as AaveAccount["borrows"][number];

const collateralUsd = 34_500;
const debtUsd = 21_260;
const hf = (collateralUsd * 0.825) / debtUsd;
const account = {
  healthFactor: hf,
  totalDebtUsd: debtUsd,
  supplies: [supply("WETH", collateralUsd, 3_450, 0.825), supply("LINK", 100, 15, 0.7)],
  borrows: [borrow("DAI", debtUsd, 1)],
};

describe("rescueEstimates", () => {
  it("sizes a repay in the largest debt and a supply in the largest collateral so HF lands on the target", () => {
    const { repay, supply: add } = rescueEstimates(account, 1.5);
    expect(repay?.symbol).toBe("DAI");
    expect((collateralUsd * 0.825) / (debtUsd - repay!.amountUsd)).toBeCloseTo(1.5, 6);
    expect(repay!.amount).toBeCloseTo(repay!.amountUsd, 6);
    expect(add?.symbol).toBe("WETH");
    expect((collateralUsd * 0.825 + add!.amountUsd * 0.825) / debtUsd).toBeCloseTo(1.5, 6);
    expect(add!.amount).toBeCloseTo(add!.amountUsd / 3_450, 9);
  });

  it("never repays more than the debt, and offers nothing at or above the target or without debt", () => {
    const small = { ...account, borrows: [borrow("DAI", 1_000, 1)] };
    expect(rescueEstimates(small, 5).repay?.amountUsd).toBe(1_000);
    expect(rescueEstimates(account, hf)).toEqual({ repay: null, supply: null });
    expect(rescueEstimates({ ...account, healthFactor: null, totalDebtUsd: 0 }, 1.5)).toEqual({
      repay: null,
      supply: null,
    });
  });

  it("offers no supply when no collateral counts", () => {
    const off = {
      ...account,
      supplies: [{ ...supply("WETH", collateralUsd, 3_450, 0.825), usedAsCollateral: false }],
    };
    expect(rescueEstimates(off, 1.5).supply).toBeNull();
  });
});
