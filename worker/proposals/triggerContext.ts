import { baseToUsd, rateToApy } from "../../shared/aave";
import type { TriggerContext } from "../../shared/automation/evaluateTrigger";
import { findToken } from "../../shared/chains";
import type { ChainConfig } from "../../shared/chains/types";
import type { AaveMarketSnapshot } from "../defi/aave/snapshots";

export interface TriggerContextInput {
  /** The served chains; only those with an Aave market are read. */
  chains: readonly ChainConfig[];
  /** The Aave market per chain id, as far as it could be read this tick (a missing chain reads as "unknown"). */
  markets: ReadonlyMap<number, AaveMarketSnapshot>;
  /** The lowest health factor over the user's Aave accounts; null with no debt. */
  healthFactor: number | null;
  /** The liquidation probability per horizon, as far as it is known (null: the model could not say). */
  risks: ReadonlyMap<"24h" | "7d", number | null>;
}

/**
 * Pure: everything triggers read, built from data the tick already has. Supply and borrow APYs and prices come from the
 * shared market data (the same reserve the popup shows), so a trigger fires on the number the user sees.
 */
export function buildTriggerContext(input: TriggerContextInput): TriggerContext {
  const chains = input.chains.filter((c) => c.aave);
  const reserveOf = (chainId: number, symbol: string) => {
    const chain = chains.find((c) => c.chainId === chainId);
    const token = chain ? findToken(chain, symbol) : undefined;
    if (!token) return undefined;
    return input.markets
      .get(chainId)
      ?.reserves.find((r) => r.underlyingAsset.toLowerCase() === token.address.toLowerCase());
  };
  return {
    supplyApy: (protocol, chainId, asset) => {
      if (protocol !== "aave") return null;
      const reserve = reserveOf(chainId, asset);
      return reserve ? rateToApy(reserve.liquidityRate) : null;
    },
    borrowApy: (protocol, chainId, asset) => {
      if (protocol !== "aave") return null;
      const reserve = reserveOf(chainId, asset);
      return reserve ? rateToApy(reserve.variableBorrowRate) : null;
    },
    healthFactor: input.healthFactor,
    riskProbability: (horizon) => input.risks.get(horizon) ?? null,
    priceUsd: (asset) => {
      for (const [chainId, market] of input.markets) {
        const reserve = reserveOf(chainId, asset);
        if (reserve) return baseToUsd(reserve.priceInMarketReferenceCurrency, market.baseCurrency);
      }
      return null;
    },
  };
}
