import { describe, expect, it } from "vitest";
import { WAD } from "./constants";
import {
  healthFactorAfter,
  maxWithdrawForHealthFactor,
  repayForHealthFactor,
  supplyForHealthFactor,
} from "./targetHealthFactor";

// 10 WETH at $3,100 (LT 82.5 %), 21,260 DAI debt: HF = 25,575 / 21,260 ≈ 1.203 (base currency: 8 decimals).
const account = {
  totalCollateralBase: 31_000n * 10n ** 8n,
  currentLiquidationThreshold: 8250n,
  totalDebtBase: 21_260n * 10n ** 8n,
};
const dai = { price: 10n ** 8n, decimals: 18, liquidationThreshold: 0n };
const weth = { price: 3100n * 10n ** 8n, decimals: 18, liquidationThreshold: 8250n };
const hf = (wad: bigint | null) => Number(wad) / 1e18;

describe("target health factor", () => {
  it("repays just enough DAI to reach the target (never less)", () => {
    const amount = repayForHealthFactor(account, dai, (16n * WAD) / 10n, 0n);
    // 21,260 − 25,575 / 1.6 = 5,275.625 DAI
    expect(Number(amount) / 1e18).toBeCloseTo(5275.625, 6);
    expect(hf(healthFactorAfter(account, dai, { debtDelta: -amount }))).toBeGreaterThanOrEqual(1.6);
    expect(repayForHealthFactor(account, dai, WAD + 1n)).toBe(0n);
  });

  it("supplies just enough WETH, and refuses an asset that is not collateral", () => {
    const amount = supplyForHealthFactor(account, weth, (16n * WAD) / 10n, 0n)!;
    // (1.6 · 21,260 − 25,575) / 0.825 / 3,100 = 3.2997... WETH
    expect(Number(amount) / 1e18).toBeCloseTo((1.6 * 21_260 - 25_575) / 0.825 / 3100, 6);
    expect(hf(healthFactorAfter(account, weth, { collateralDelta: amount }))).toBeGreaterThanOrEqual(1.6);
    expect(supplyForHealthFactor(account, dai, 2n * WAD)).toBeNull();
  });

  it("withdraws at most what keeps HF at the floor", () => {
    const amount = maxWithdrawForHealthFactor(account, weth, (11n * WAD) / 10n);
    if (amount === "unlimited") throw new Error("expected a bound");
    expect(hf(healthFactorAfter(account, weth, { collateralDelta: -amount }))).toBeGreaterThanOrEqual(1.1);
    expect(maxWithdrawForHealthFactor(account, weth, 2n * WAD)).toBe(0n);
    expect(maxWithdrawForHealthFactor({ ...account, totalDebtBase: 0n }, weth, 2n * WAD)).toBe("unlimited");
  });
});
