import { baseToUsd, tokenAmountToNumber } from "../../../shared/aave";
import type { EigenLayerAddresses, TokenConfig } from "../../../shared/chains";
import type { EigenLayerAccount } from "../../../shared/schemas/portfolio";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import type { EigenLayerDeposit } from "./readEigenLayer";

/**
 * Restaked deposits in the API's shape. Underlying tokens are priced with the chain's Aave oracle when the
 * token is an Aave reserve (wstETH is); otherwise the USD value is null rather than guessed.
 */
export function formatEigenLayerAccount(params: {
  chainId: number;
  eigenLayer: EigenLayerAddresses;
  deposits: readonly EigenLayerDeposit[];
  tokens: readonly TokenConfig[];
  market: AaveMarketSnapshot | null;
}): EigenLayerAccount {
  const { deposits, tokens, market } = params;
  const positions = deposits.map((deposit) => {
    const token = tokens.find((t) => t.address.toLowerCase() === deposit.underlyingToken.toLowerCase());
    const reserve = market?.reserves.find(
      (r) => r.underlyingAsset.toLowerCase() === deposit.underlyingToken.toLowerCase(),
    );
    const decimals = token?.decimals ?? (reserve ? Number(reserve.decimals) : 18);
    const amountUsd =
      reserve && market
        ? baseToUsd(
            (deposit.underlyingAmount * reserve.priceInMarketReferenceCurrency) / 10n ** reserve.decimals,
            market.baseCurrency,
          )
        : null;
    return {
      strategy: deposit.strategy,
      underlyingToken: deposit.underlyingToken,
      symbol: token?.symbol ?? reserve?.symbol ?? "unknown",
      shares: deposit.shares.toString(),
      amount: tokenAmountToNumber(deposit.underlyingAmount, decimals),
      amountRaw: deposit.underlyingAmount.toString(),
      amountUsd,
    };
  });
  return {
    protocol: "eigenlayer",
    chainId: params.chainId,
    strategyManager: params.eigenLayer.strategyManager,
    positions,
    totalUsd: positions.reduce((sum, p) => sum + (p.amountUsd ?? 0), 0),
  };
}
