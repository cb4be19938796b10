import {
  calculateAvailableBorrowsMarketReferenceCurrency,
  calculateHealthFactorFromBalances,
  getCompoundedBalance,
  getLinearBalance,
} from "@aave/math-utils";
import { type Address, createPublicClient, http, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedDevnet, startDevnet } from "../../devnet/testing";
import { readAaveMarketAndUser } from "../../worker/defi/aave/readAave";
import { poolAbi } from "../abis";
import { aaveMarketOf } from "../chains/devnetMarket";
import { MAX_UINT256 } from "./constants";
import { computeUserAccount } from "./userAccount";

let devnet: StartedDevnet;
let client: PublicClient;

beforeAll(async () => {
  devnet = await startDevnet({ port: 8811 });
  client = createPublicClient({ transport: http(devnet.rpcUrl) });
});
afterAll(async () => {
  await devnet?.stop();
});

function relativeError(actual: bigint, expected: bigint): number {
  if (expected === 0n) return actual === 0n ? 0 : Number.POSITIVE_INFINITY;
  const diff = actual > expected ? actual - expected : expected - actual;
  return Number(diff) / Number(expected);
}

/** UiPoolDataProvider data (one multicall, stamped with its block) and Pool.getUserAccountData at that block. */
async function readAt(user: Address) {
  const { contracts } = devnet.info;
  const snapshot = await readAaveMarketAndUser({
    client,
    chainId: devnet.info.chainId,
    market: aaveMarketOf(devnet.info),
    user,
  });
  const accountData = await client.readContract({
    blockNumber: snapshot.market.blockNumber,
    address: contracts.pool,
    abi: poolAbi,
    functionName: "getUserAccountData",
    args: [user],
  });
  return {
    reserves: snapshot.market.reserves,
    userReserves: snapshot.user.userReserves,
    eMode: snapshot.user.userEModeCategoryId,
    accountData,
    now: snapshot.market.blockTimestamp,
  };
}

describe("our bigint Aave math against the real contracts on the devnet", () => {
  it("HF, collateral, debt and available borrows equal Pool.getUserAccountData for every seeded account", async () => {
    let accountsWithDebt = 0;
    for (const [name, user] of Object.entries(devnet.info.accounts)) {
      const { reserves, userReserves, eMode, accountData, now } = await readAt(user);
      const ours = computeUserAccount({ reserves, userReserves, userEModeCategoryId: eMode, now });
      const [collateral, debt, availableBorrows, liquidationThreshold, ltv, healthFactor] = accountData;
      expect(relativeError(ours.totalCollateralBase, collateral), `${name} collateral`).toBeLessThanOrEqual(
        1e-9,
      );
      expect(relativeError(ours.totalDebtBase, debt), `${name} debt`).toBeLessThanOrEqual(1e-9);
      expect(
        relativeError(ours.availableBorrowsBase, availableBorrows),
        `${name} available`,
      ).toBeLessThanOrEqual(1e-9);
      expect(ours.currentLiquidationThreshold, `${name} LT`).toBe(liquidationThreshold);
      expect(ours.ltv, `${name} LTV`).toBe(ltv);
      if (healthFactor === MAX_UINT256) expect(ours.healthFactor).toBe(MAX_UINT256);
      else {
        accountsWithDebt += 1;
        expect(relativeError(ours.healthFactor, healthFactor), `${name} HF`).toBeLessThanOrEqual(1e-9);
      }
    }
    // The seed has a safe supplier, two borrowers and a restaker with a position: the check must bite.
    expect(accountsWithDebt).toBeGreaterThanOrEqual(2);
  });

  // Runs before the 30-day test: over a month with nobody touching a reserve, math-utils' binomial
  // approximation of the debt index drifts a few 1e-9 from the contract's (which we match exactly).
  it("agrees with @aave/math-utils fed the same chain data by hand", async () => {
    const user = devnet.info.accounts.borrower;
    const { reserves, userReserves, eMode, now } = await readAt(user);
    const ours = computeUserAccount({ reserves, userReserves, userEModeCategoryId: eMode, now });
    let collateralBase = 0n;
    let debtBase = 0n;
    let weightedThreshold = 0n;
    let weightedLtv = 0n;
    for (const userReserve of userReserves) {
      const reserve = reserves.find((r) => r.underlyingAsset === userReserve.underlyingAsset);
      if (!reserve) continue;
      const common = { lastUpdateTimestamp: reserve.lastUpdateTimestamp, currentTimestamp: Number(now) };
      const supplied = BigInt(
        getLinearBalance({
          balance: userReserve.scaledATokenBalance.toString(),
          index: reserve.liquidityIndex.toString(),
          rate: reserve.liquidityRate.toString(),
          ...common,
        }).toFixed(0),
      );
      const borrowed = BigInt(
        getCompoundedBalance({
          principalBalance: userReserve.scaledVariableDebt.toString(),
          reserveIndex: reserve.variableBorrowIndex.toString(),
          reserveRate: reserve.variableBorrowRate.toString(),
          ...common,
        }).toFixed(0),
      );
      const unit = 10n ** reserve.decimals;
      if (userReserve.usageAsCollateralEnabledOnUser) {
        const value = (supplied * reserve.priceInMarketReferenceCurrency) / unit;
        collateralBase += value;
        weightedThreshold += value * reserve.reserveLiquidationThreshold;
        weightedLtv += value * reserve.baseLTVasCollateral;
      }
      debtBase += (borrowed * reserve.priceInMarketReferenceCurrency) / unit;
    }
    const threshold = weightedThreshold / collateralBase;
    const hf = calculateHealthFactorFromBalances({
      collateralBalanceMarketReferenceCurrency: collateralBase.toString(),
      borrowBalanceMarketReferenceCurrency: debtBase.toString(),
      currentLiquidationThreshold: threshold.toString(),
    });
    const available = calculateAvailableBorrowsMarketReferenceCurrency({
      collateralBalanceMarketReferenceCurrency: collateralBase.toString(),
      borrowBalanceMarketReferenceCurrency: debtBase.toString(),
      currentLtv: (weightedLtv / collateralBase).toString(),
    });
    expect(relativeError(ours.totalCollateralBase, collateralBase)).toBeLessThanOrEqual(1e-9);
    expect(relativeError(ours.totalDebtBase, debtBase)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(Number(ours.healthFactor) / 1e18 - hf.toNumber()) / hf.toNumber()).toBeLessThanOrEqual(
      1e-9,
    );
    expect(relativeError(ours.availableBorrowsBase, BigInt(available.toFixed(0)))).toBeLessThanOrEqual(1e-9);
  });
  it("keeps matching after interest accrues for 30 days without anyone touching the reserves", async () => {
    await client.request({ method: "evm_increaseTime" as never, params: [30 * 86_400] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    const user = devnet.info.accounts.borrower;
    const { reserves, userReserves, eMode, accountData, now } = await readAt(user);
    const ours = computeUserAccount({ reserves, userReserves, userEModeCategoryId: eMode, now });
    expect(ours.totalDebtBase).toBe(accountData[1]);
    expect(ours.healthFactor).toBe(accountData[5]);
  });
});
