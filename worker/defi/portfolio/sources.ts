import type { Address } from "viem";
import type { AaveMarketSnapshot, AaveUserSnapshot } from "../aave/snapshots";
import type { EigenLayerDeposit } from "../eigenlayer/readEigenLayer";

/** A value from a cache, with how old it is. */
export interface Cached<T> {
  value: T;
  hit: boolean;
  ageSeconds: number;
}

/**
 * Where a portfolio's inputs come from. The worker backs it with the per-chain market cache and the user's
 * Durable Object; tests and benchmarks can back it with direct chain reads.
 */
export interface PortfolioSources {
  aaveMarket(chainId: number): Promise<Cached<AaveMarketSnapshot>>;
  aaveUser(chainId: number, user: Address): Promise<Cached<AaveUserSnapshot>>;
  eigenLayerDeposits(chainId: number, user: Address): Promise<Cached<EigenLayerDeposit[]>>;
}
