import {
  baseToUsd,
  bpsToFraction,
  computeUserAccount,
  healthFactorToNumber,
  liquidationPrice,
  rateToApy,
  tokenAmountToNumber,
} from "../../../shared/aave";
import type { AaveAccount } from "../../../shared/schemas/portfolio";
import type { AaveMarketSnapshot, AaveUserSnapshot } from "./snapshots";

/**
 * A user's Aave account in the API's shape: balances accrued to the user snapshot's block, prices and rates
 * from the market snapshot (which may be up to one cache TTL older), HF by the contracts' own math.
 */
export function formatAaveAccount(params: {
  market: AaveMarketSnapshot;
  user: AaveUserSnapshot;
  pool: `0x${string}`;
}): AaveAccount {
  const { market, user } = params;
  const account = computeUserAccount({
    reserves: market.reserves,
    userReserves: user.userReserves,
    userEModeCategoryId: user.userEModeCategoryId,
    // biome-ignore lint/complexity/useMathMinMax: bigints; Math.max would throw
    now: user.blockTimestamp > market.blockTimestamp ? user.blockTimestamp : market.blockTimestamp,
  });
  const toUsd = (amountBase: bigint | number) => baseToUsd(amountBase, market.baseCurrency);
  const reserveOf = (asset: string) =>
    market.reserves.find((r) => r.underlyingAsset.toLowerCase() === asset.toLowerCase());

  const supplies: AaveAccount["supplies"] = [];
  const borrows: AaveAccount["borrows"] = [];
  for (const position of account.positions) {
    const reserve = reserveOf(position.underlyingAsset);
    if (!reserve) continue;
    if (position.supplied > 0n) {
      const liquidationPriceBase = liquidationPrice(account, position.underlyingAsset);
      supplies.push({
        symbol: position.symbol,
        asset: position.underlyingAsset,
        decimals: position.decimals,
        amount: tokenAmountToNumber(position.supplied, position.decimals),
        amountRaw: position.supplied.toString(),
        amountUsd: toUsd(position.suppliedBase),
        priceUsd: toUsd(position.price),
        supplyApy: rateToApy(reserve.liquidityRate),
        usedAsCollateral: position.usedAsCollateral,
        ltv: bpsToFraction(position.ltv),
        liquidationThreshold: bpsToFraction(position.liquidationThreshold),
        liquidationPriceUsd: liquidationPriceBase === null ? null : toUsd(liquidationPriceBase),
      });
    }
    const debt = position.variableDebt + position.stableDebt;
    if (debt > 0n) {
      borrows.push({
        symbol: position.symbol,
        asset: position.underlyingAsset,
        decimals: position.decimals,
        amount: tokenAmountToNumber(debt, position.decimals),
        amountRaw: debt.toString(),
        amountUsd: toUsd(position.debtBase),
        priceUsd: toUsd(position.price),
        variableBorrowApy: rateToApy(reserve.variableBorrowRate),
        stableDebtRaw: position.stableDebt.toString(),
      });
    }
  }

  const healthFactor = healthFactorToNumber(account.healthFactor);
  return {
    protocol: "aave-v3",
    chainId: market.chainId,
    pool: params.pool,
    healthFactor: Number.isFinite(healthFactor) ? healthFactor : null,
    healthFactorRaw: account.healthFactor.toString(),
    totalCollateralUsd: toUsd(account.totalCollateralBase),
    totalDebtUsd: toUsd(account.totalDebtBase),
    availableBorrowsUsd: toUsd(account.availableBorrowsBase),
    ltv: bpsToFraction(account.ltv),
    currentLiquidationThreshold: bpsToFraction(account.currentLiquidationThreshold),
    eModeCategoryId: account.userEModeCategoryId,
    isolationMode: account.isolationMode,
    supplies,
    borrows,
  };
}
