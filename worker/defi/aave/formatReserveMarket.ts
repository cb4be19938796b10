import type { z } from "zod";
import { baseToUsd, rateToApy } from "../../../shared/aave";
import type { aaveReserveMarketSchema } from "../../../shared/schemas/portfolio";
import type { AaveMarketSnapshot } from "./snapshots";

export type AaveReserveMarket = z.infer<typeof aaveReserveMarketSchema>;

/** One reserve's rates and price at the snapshot's block, or undefined when the market has no such asset. */
export function formatReserveMarket(
  market: AaveMarketSnapshot,
  symbol: string,
): AaveReserveMarket | undefined {
  const wanted = symbol.toLowerCase();
  const reserve = market.reserves.find((r) => r.symbol.toLowerCase() === wanted);
  if (!reserve) return undefined;
  return {
    chainId: market.chainId,
    symbol: reserve.symbol,
    asset: reserve.underlyingAsset,
    supplyApy: rateToApy(reserve.liquidityRate),
    variableBorrowApy: rateToApy(reserve.variableBorrowRate),
    liquidityRateRaw: reserve.liquidityRate.toString(),
    variableBorrowRateRaw: reserve.variableBorrowRate.toString(),
    priceUsd: baseToUsd(reserve.priceInMarketReferenceCurrency, market.baseCurrency),
    asOf: {
      chainId: market.chainId,
      blockNumber: market.blockNumber.toString(),
      blockTimestamp: Number(market.blockTimestamp),
    },
  };
}
