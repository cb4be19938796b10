import { describe, expect, it } from "vitest";
import { supplyWouldNotCount } from "./planAction";

// The branches of Aave's automatic collateral switch the devnet cannot show (its reserves have LTVs and no debt
// ceilings); the "supplied but switched off" case runs against the devnet in worker/user/capabilities/automation/ruleEvaluation.triggers.test.ts.

const account = { totalCollateralBase: 10_000_00000000n, isolationMode: false };
const plain = { baseLTVasCollateral: 7850n, debtCeiling: 0n };

describe("supplyWouldNotCount", () => {
  it("counts a first supply of a plain asset, and more of an asset already used as collateral", () => {
    expect(supplyWouldNotCount("wstETH", account, plain, undefined)).toBeNull();
    expect(
      supplyWouldNotCount("wstETH", account, plain, { supplied: 0n, usedAsCollateral: false }),
    ).toBeNull();
    expect(supplyWouldNotCount("WETH", account, plain, { supplied: 5n, usedAsCollateral: true })).toBeNull();
  });

  it("refuses more of a supply the user switched off as collateral", () => {
    expect(supplyWouldNotCount("WETH", account, plain, { supplied: 5n, usedAsCollateral: false })).toMatch(
      /your WETH on Aave is not used as collateral/,
    );
  });

  it("refuses a first supply Aave would not switch on: LTV 0, an isolated asset, an account in isolation mode", () => {
    expect(supplyWouldNotCount("X", account, { ...plain, baseLTVasCollateral: 0n }, undefined)).toMatch(
      /its LTV is 0/,
    );
    expect(supplyWouldNotCount("X", account, { ...plain, debtCeiling: 1_000_000n }, undefined)).toMatch(
      /X is an isolated asset/,
    );
    expect(supplyWouldNotCount("X", { ...account, isolationMode: true }, plain, undefined)).toMatch(
      /isolation mode/,
    );
    // Without any collateral yet, isolation mode cannot hold: a plain first supply counts.
    expect(
      supplyWouldNotCount("X", { totalCollateralBase: 0n, isolationMode: false }, plain, undefined),
    ).toBeNull();
  });
});
