import { describe, expect, it } from "vitest";
import { WAD } from "./constants";
import { liquidationCall } from "./liquidationCall";

const dai = { price: 100_000_000n, decimals: 18 };
const weth = (usd: bigint) => ({ price: usd * 100_000_000n, decimals: 18, liquidationBonus: 10_500n });
const E18 = 10n ** 18n;

describe("liquidationCall (LiquidationLogic, Aave V3.0)", () => {
  it("refuses a healthy account, as the Pool reverts", () => {
    expect(
      liquidationCall({
        healthFactor: WAD,
        userDebt: E18,
        userCollateral: E18,
        debt: dai,
        collateral: weth(1200n),
      }),
    ).toBeNull();
  });

  it("HF 0.96: half the debt, collateral worth it plus 5 %, rounded as the contract rounds", () => {
    const result = liquidationCall({
      healthFactor: (96n * WAD) / 100n,
      userDebt: 10_000n * E18,
      userCollateral: 10n * E18,
      debt: dai,
      collateral: weth(1200n),
    });
    // 5,000 DAI × $1 / $1,200 = 4.1666…e18 (floored), × 1.05 by percentMul (half up) = 4,374,999,999,999,999,999.
    expect(result).toEqual({
      closeFactor: 5000n,
      debtRepaid: 5000n * E18,
      collateralSeized: 4_374_999_999_999_999_999n,
      collateralToLiquidator: 4_374_999_999_999_999_999n,
      protocolFee: 0n,
    });
  });

  it("HF below 0.95: the whole debt may go, and collateral short of it caps both sides", () => {
    const result = liquidationCall({
      healthFactor: (90n * WAD) / 100n,
      userDebt: 10_000n * E18,
      userCollateral: 5n * E18,
      debt: dai,
      collateral: weth(1200n),
    });
    // All 5 WETH ($6,000) go; they pay for 6,000 / 1.05 = 5,714.285714… DAI.
    expect(result?.closeFactor).toBe(10_000n);
    expect(result?.collateralSeized).toBe(5n * E18);
    expect(result?.debtRepaid).toBe(5_714_285_714_285_714_285_714n);
  });

  it("a protocol fee takes its share of the bonus from what the liquidator receives", () => {
    const result = liquidationCall({
      healthFactor: (96n * WAD) / 100n,
      userDebt: 10_000n * E18,
      userCollateral: 10n * E18,
      debt: dai,
      collateral: { ...weth(1200n), liquidationProtocolFee: 1000n },
    });
    // Bonus ≈ 0.2083 WETH; 10 % of it to the treasury.
    expect(Number(result?.protocolFee) / 1e18).toBeCloseTo(0.020833, 6);
    expect(result!.collateralToLiquidator + result!.protocolFee).toBe(result!.collateralSeized);
  });
});
