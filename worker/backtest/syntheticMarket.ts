import { type Address, parseUnits, zeroAddress } from "viem";
import type { AaveBaseCurrencyInfo, AaveReserveData, AaveUserReserveData } from "../../shared/aave";
import { RAY } from "../../shared/aave/constants";
import type { TokenConfig } from "../../shared/chains/types";
import type { BacktestPosition } from "../../shared/schemas/backtest";

/** USD with 8 decimals, as every Aave V3 market Vigil reads reports it. */
export const USD_BASE_CURRENCY: AaveBaseCurrencyInfo = {
  marketReferenceCurrencyUnit: 10n ** 8n,
  marketReferenceCurrencyPriceInUsd: 10n ** 8n,
  networkBaseTokenPriceInUsd: 0n,
  networkBaseTokenPriceDecimals: 8,
};

/** A stand-in address per reserve: the planner and the account math match reserves by address only. */
export const syntheticAddress = (index: number): Address =>
  `0x${(index + 1).toString(16).padStart(40, "0")}` as Address;

export const usdToBasePrice = (usd: number): bigint => BigInt(Math.round(usd * 1e8));

/**
 * One reserve as UiPoolDataProviderV3 would report it, built from the position's terms: indexes at 1 (ray) at
 * `start`, so scaled balances equal today's balances and the contracts' interest formulas accrue the stated
 * current rates from there. Fields the replay never reads are zero.
 */
export function syntheticReserve(
  reserve: BacktestPosition["reserves"][number],
  index: number,
  start: bigint,
): AaveReserveData {
  const address = syntheticAddress(index);
  const toRay = (fraction: number) => (BigInt(Math.round(fraction * 1e9)) * RAY) / 10n ** 9n;
  return {
    underlyingAsset: address,
    name: reserve.asset,
    symbol: reserve.asset,
    decimals: BigInt(reserve.decimals),
    baseLTVasCollateral: BigInt(reserve.ltv ?? reserve.liquidationThreshold),
    reserveLiquidationThreshold: BigInt(reserve.liquidationThreshold),
    reserveLiquidationBonus: BigInt(reserve.liquidationBonus),
    reserveFactor: 0n,
    usageAsCollateralEnabled: reserve.liquidationThreshold > 0,
    borrowingEnabled: true,
    stableBorrowRateEnabled: false,
    isActive: true,
    isFrozen: false,
    liquidityIndex: RAY,
    variableBorrowIndex: RAY,
    liquidityRate: toRay(reserve.supplyRate),
    variableBorrowRate: toRay(reserve.borrowRate),
    stableBorrowRate: 0n,
    lastUpdateTimestamp: Number(start),
    aTokenAddress: zeroAddress,
    stableDebtTokenAddress: zeroAddress,
    variableDebtTokenAddress: zeroAddress,
    interestRateStrategyAddress: zeroAddress,
    availableLiquidity: 0n,
    totalPrincipalStableDebt: 0n,
    averageStableRate: 0n,
    stableDebtLastUpdateTimestamp: 0n,
    totalScaledVariableDebt: 0n,
    priceInMarketReferenceCurrency: usdToBasePrice(reserve.priceUsd),
    priceOracle: zeroAddress,
    variableRateSlope1: 0n,
    variableRateSlope2: 0n,
    stableRateSlope1: 0n,
    stableRateSlope2: 0n,
    baseStableBorrowRate: 0n,
    baseVariableBorrowRate: 0n,
    optimalUsageRatio: 0n,
    isPaused: false,
    isSiloedBorrowing: false,
    accruedToTreasury: 0n,
    unbacked: 0n,
    isolationModeTotalDebt: 0n,
    flashLoanEnabled: false,
    debtCeiling: 0n,
    debtCeilingDecimals: 0n,
    eModeCategoryId: 0,
    borrowCap: 0n,
    supplyCap: 0n,
    eModeLtv: 0,
    eModeLiquidationThreshold: 0,
    eModeLiquidationBonus: 0,
    eModePriceSource: zeroAddress,
    eModeLabel: "",
    borrowableInIsolation: false,
  };
}

export function syntheticUserReserve(
  reserve: BacktestPosition["reserves"][number],
  index: number,
): AaveUserReserveData {
  return {
    underlyingAsset: syntheticAddress(index),
    scaledATokenBalance: parseUnits(reserve.supplied, reserve.decimals),
    usageAsCollateralEnabledOnUser: reserve.usedAsCollateral,
    stableBorrowRate: 0n,
    scaledVariableDebt: parseUnits(reserve.borrowed, reserve.decimals),
    principalStableDebt: 0n,
    stableBorrowLastUpdateTimestamp: 0n,
  };
}

export function syntheticToken(reserve: BacktestPosition["reserves"][number], index: number): TokenConfig {
  return {
    symbol: reserve.asset,
    address: syntheticAddress(index),
    decimals: reserve.decimals,
    priceAsset: reserve.asset,
  };
}
