import {
  type FormatReserveUSDResponse,
  formatReserves,
  formatUserSummary,
  type ReserveDataWithPrice,
} from "@aave/math-utils";
import type { Address, PublicClient } from "viem";
import type { AaveBaseCurrencyInfo, AaveReserveData } from "../../shared/aave";
import { uiPoolDataProviderV3Abi } from "../../shared/abis";
import type { AaveMarketAddresses } from "../../shared/chains/types";

/**
 * The Aave interface's approach: UiPoolDataProvider.getReservesData and getUserReservesData as two separate
 * eth_calls (it issues them as separate queries), then @aave/math-utils formatReserves + formatUserSummary
 * (bignumber.js decimal strings). Field mapping as @aave/contract-helpers' "humanized" readers do it.
 */
export async function readReservesHumanized(client: PublicClient, market: AaveMarketAddresses) {
  const [reserves, base] = await client.readContract({
    address: market.uiPoolDataProvider,
    abi: uiPoolDataProviderV3Abi,
    functionName: "getReservesData",
    args: [market.poolAddressesProvider],
  });
  return { reserves: reserves.map(humanizeReserve), base };
}

export type HumanizedReserves = Awaited<ReturnType<typeof readReservesHumanized>>;

function humanizeReserve(r: AaveReserveData): ReserveDataWithPrice {
  return {
    originalId: 0,
    id: r.underlyingAsset.toLowerCase(),
    symbol: r.symbol,
    name: r.name,
    decimals: Number(r.decimals),
    underlyingAsset: r.underlyingAsset.toLowerCase(),
    usageAsCollateralEnabled: r.usageAsCollateralEnabled,
    reserveFactor: r.reserveFactor.toString(),
    baseLTVasCollateral: r.baseLTVasCollateral.toString(),
    liquidityIndex: r.liquidityIndex.toString(),
    reserveLiquidationThreshold: r.reserveLiquidationThreshold.toString(),
    reserveLiquidationBonus: r.reserveLiquidationBonus.toString(),
    variableBorrowIndex: r.variableBorrowIndex.toString(),
    variableBorrowRate: r.variableBorrowRate.toString(),
    availableLiquidity: r.availableLiquidity.toString(),
    liquidityRate: r.liquidityRate.toString(),
    totalScaledVariableDebt: r.totalScaledVariableDebt.toString(),
    lastUpdateTimestamp: Number(r.lastUpdateTimestamp),
    borrowCap: r.borrowCap.toString(),
    supplyCap: r.supplyCap.toString(),
    debtCeiling: r.debtCeiling.toString(),
    debtCeilingDecimals: Number(r.debtCeilingDecimals),
    isolationModeTotalDebt: r.isolationModeTotalDebt.toString(),
    // Aave v3.0 (the devnet's version) has no virtual accounting or deficit: the 3.0 interface passes zeros.
    virtualUnderlyingBalance: "0",
    deficit: "0",
    priceInMarketReferenceCurrency: r.priceInMarketReferenceCurrency.toString(),
  };
}

function referenceCurrency(base: AaveBaseCurrencyInfo) {
  return {
    marketReferencePriceInUsd: base.marketReferenceCurrencyPriceInUsd.toString(),
    marketReferenceCurrencyDecimals: Math.round(Math.log10(Number(base.marketReferenceCurrencyUnit))),
  };
}

export function formatMarket(humanized: HumanizedReserves, now: number): FormatReserveUSDResponse[] {
  return formatReserves({
    reserves: humanized.reserves,
    currentTimestamp: now,
    ...referenceCurrency(humanized.base),
  });
}

export async function readAndFormatUser(
  client: PublicClient,
  market: AaveMarketAddresses,
  user: Address,
  humanized: HumanizedReserves,
  formattedReserves: FormatReserveUSDResponse[],
  now: number,
) {
  const [userReserves, eModeId] = await client.readContract({
    address: market.uiPoolDataProvider,
    abi: uiPoolDataProviderV3Abi,
    functionName: "getUserReservesData",
    args: [market.poolAddressesProvider, user],
  });
  const summary = formatUserSummary({
    currentTimestamp: now,
    ...referenceCurrency(humanized.base),
    userReserves: userReserves.map((u) => ({
      underlyingAsset: u.underlyingAsset.toLowerCase(),
      scaledATokenBalance: u.scaledATokenBalance.toString(),
      usageAsCollateralEnabledOnUser: u.usageAsCollateralEnabledOnUser,
      scaledVariableDebt: u.scaledVariableDebt.toString(),
    })),
    formattedReserves,
    userEmodeCategoryId: Number(eModeId),
  });
  return { healthFactor: Number(summary.healthFactor) };
}

/** Nothing cached: both calls (issued concurrently, as the interface's separate queries are), then formatting. */
export async function aaveInterfaceCold(
  client: PublicClient,
  market: AaveMarketAddresses,
  user: Address,
  /** Unix seconds: the interface takes it from the browser's clock (no RPC); the bench passes chain time. */
  now: number,
) {
  const userCall = client.readContract({
    address: market.uiPoolDataProvider,
    abi: uiPoolDataProviderV3Abi,
    functionName: "getUserReservesData",
    args: [market.poolAddressesProvider, user],
  });
  const [humanized] = await Promise.all([readReservesHumanized(client, market), userCall]);
  const formatted = formatMarket(humanized, now);
  const [userReserves, eModeId] = await userCall;
  const summary = formatUserSummary({
    currentTimestamp: now,
    ...referenceCurrency(humanized.base),
    userReserves: userReserves.map((u) => ({
      underlyingAsset: u.underlyingAsset.toLowerCase(),
      scaledATokenBalance: u.scaledATokenBalance.toString(),
      usageAsCollateralEnabledOnUser: u.usageAsCollateralEnabledOnUser,
      scaledVariableDebt: u.scaledVariableDebt.toString(),
    })),
    formattedReserves: formatted,
    userEmodeCategoryId: Number(eModeId),
  });
  return { healthFactor: Number(summary.healthFactor), humanized, formatted };
}
