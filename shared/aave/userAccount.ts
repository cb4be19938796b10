import type { Address } from "viem";
import { MAX_UINT256, PERCENTAGE_FACTOR } from "./constants";
import { calculateCompoundedInterest, getNormalizedDebt, getNormalizedIncome } from "./interest";
import { reserveTermsFor } from "./reserveTerms";
import type { AaveReserveData, AaveUserReserveData } from "./types";
import { percentMul, rayMul, wadDiv } from "./wadRayMath";

export interface UserReservePosition {
  underlyingAsset: Address;
  symbol: string;
  decimals: number;
  /** Token units (aToken balance = scaled balance × normalized income). */
  supplied: bigint;
  variableDebt: bigint;
  stableDebt: bigint;
  /** Price of one whole token in the market reference currency (8 decimals). */
  price: bigint;
  suppliedBase: bigint;
  debtBase: bigint;
  usedAsCollateral: boolean;
  /** Effective LTV and liquidation threshold for this user (e-mode aware), basis points. */
  ltv: bigint;
  liquidationThreshold: bigint;
}

export interface UserAccount {
  positions: UserReservePosition[];
  totalCollateralBase: bigint;
  totalDebtBase: bigint;
  availableBorrowsBase: bigint;
  /** Weighted average LTV of the collateral, basis points. */
  ltv: bigint;
  /** Weighted average liquidation threshold of the collateral, basis points. */
  currentLiquidationThreshold: bigint;
  /** Wad (1e18 = 1.0); MAX_UINT256 when there is no debt, as the Pool returns it. */
  healthFactor: bigint;
  hasZeroLtvCollateral: boolean;
  userEModeCategoryId: number;
  /** The user's only collateral is an asset with a debt ceiling (UserConfiguration.getIsolationModeState). */
  isolationMode: boolean;
}

export interface ComputeUserAccountParameters {
  reserves: readonly AaveReserveData[];
  userReserves: readonly AaveUserReserveData[];
  userEModeCategoryId: number;
  /** Block timestamp the numbers are valid at (seconds). */
  now: bigint;
  /** Prices from e-mode price sources, when a category has one (none on the devnet). */
  eModePrices?: ReadonlyMap<Address, bigint>;
}

/**
 * The account holds a balance in a reserve the market data does not list (a reserve listed after the market
 * snapshot was read, or an account read from a node ahead of the market's). Its totals would leave that balance
 * out: debt there would read as no debt. Not an answer: read the market again.
 */
export class UnlistedReserveError extends Error {
  override name = "UnlistedReserveError";
  constructor(readonly asset: string) {
    super(`the account holds a balance in ${asset}, a reserve the market data does not list`);
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The user's balances, totals and health factor exactly as GenericLogic.calculateUserAccountData computes
 * them on-chain (Aave V3.0), from the two UiPoolDataProviderV3 reads: one round trip instead of one call per
 * reserve, and the per-reserve breakdown that Pool.getUserAccountData does not give.
 */
export function computeUserAccount(params: ComputeUserAccountParameters): UserAccount {
  const { reserves, userReserves, userEModeCategoryId, now } = params;
  const positions: UserReservePosition[] = [];
  let totalCollateralBase = 0n;
  let totalDebtBase = 0n;
  let weightedLtv = 0n;
  let weightedThreshold = 0n;
  let hasZeroLtvCollateral = false;
  const collateralCeilings: bigint[] = [];

  for (const userReserve of userReserves) {
    const reserve = reserves.find((r) => sameAddress(r.underlyingAsset, userReserve.underlyingAsset));
    if (!reserve) {
      const holds =
        userReserve.scaledATokenBalance !== 0n ||
        userReserve.scaledVariableDebt !== 0n ||
        userReserve.principalStableDebt !== 0n;
      if (holds) throw new UnlistedReserveError(userReserve.underlyingAsset);
      continue;
    }
    const indexes = {
      liquidityIndex: reserve.liquidityIndex,
      variableBorrowIndex: reserve.variableBorrowIndex,
      liquidityRate: reserve.liquidityRate,
      variableBorrowRate: reserve.variableBorrowRate,
      lastUpdateTimestamp: BigInt(reserve.lastUpdateTimestamp),
    };
    const supplied =
      userReserve.scaledATokenBalance === 0n
        ? 0n
        : rayMul(userReserve.scaledATokenBalance, getNormalizedIncome(indexes, now));
    const variableDebt =
      userReserve.scaledVariableDebt === 0n
        ? 0n
        : rayMul(userReserve.scaledVariableDebt, getNormalizedDebt(indexes, now));
    const stableDebt =
      userReserve.principalStableDebt === 0n
        ? 0n
        : rayMul(
            userReserve.principalStableDebt,
            calculateCompoundedInterest(
              userReserve.stableBorrowRate,
              userReserve.stableBorrowLastUpdateTimestamp,
              now,
            ),
          );
    if (userReserve.usageAsCollateralEnabledOnUser) collateralCeilings.push(reserve.debtCeiling);
    if (supplied === 0n && variableDebt === 0n && stableDebt === 0n) continue;

    const { price, ltv, liquidationThreshold } = reserveTermsFor(
      reserve,
      userEModeCategoryId,
      params.eModePrices,
    );
    const unit = 10n ** reserve.decimals;
    // The contract multiplies before dividing by the unit; doing the same keeps the last digit equal.
    const suppliedBase = (supplied * price) / unit;
    const debtBase = ((variableDebt + stableDebt) * price) / unit;
    // Collateral counts only when the asset has a liquidation threshold and the user enabled it.
    const usedAsCollateral =
      userReserve.usageAsCollateralEnabledOnUser && reserve.reserveLiquidationThreshold !== 0n;

    if (usedAsCollateral && supplied !== 0n) {
      totalCollateralBase += suppliedBase;
      if (ltv !== 0n) weightedLtv += suppliedBase * ltv;
      else hasZeroLtvCollateral = true;
      weightedThreshold += suppliedBase * liquidationThreshold;
    }
    totalDebtBase += debtBase;

    positions.push({
      underlyingAsset: reserve.underlyingAsset,
      symbol: reserve.symbol,
      decimals: Number(reserve.decimals),
      supplied,
      variableDebt,
      stableDebt,
      price,
      suppliedBase,
      debtBase,
      usedAsCollateral,
      ltv,
      liquidationThreshold,
    });
  }

  const ltv = totalCollateralBase === 0n ? 0n : weightedLtv / totalCollateralBase;
  const currentLiquidationThreshold =
    totalCollateralBase === 0n ? 0n : weightedThreshold / totalCollateralBase;
  const healthFactor =
    totalDebtBase === 0n
      ? MAX_UINT256
      : wadDiv(percentMul(totalCollateralBase, currentLiquidationThreshold), totalDebtBase);
  const borrowable = percentMul(totalCollateralBase, ltv);
  const availableBorrowsBase = borrowable < totalDebtBase ? 0n : borrowable - totalDebtBase;

  return {
    positions,
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase,
    ltv,
    currentLiquidationThreshold,
    healthFactor,
    hasZeroLtvCollateral,
    userEModeCategoryId,
    isolationMode: collateralCeilings.length === 1 && collateralCeilings[0] !== 0n,
  };
}

/** Basis points as a fraction (8250n → 0.825). */
export function bpsToFraction(bps: bigint): number {
  return Number(bps) / Number(PERCENTAGE_FACTOR);
}
