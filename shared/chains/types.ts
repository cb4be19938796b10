import type { Address } from "viem";

export interface AaveMarketAddresses {
  poolAddressesProvider: Address;
  pool: Address;
  oracle: Address;
  /** UiPoolDataProviderV3: all reserves and a user's reserves, each in one view call. */
  uiPoolDataProvider: Address;
}

export interface EigenLayerStrategyConfig {
  strategy: Address;
  /** The token the strategy takes (an LST such as stETH or wstETH). */
  underlyingSymbol: string;
}

export interface EigenLayerAddresses {
  strategyManager: Address;
  /** Where withdrawals are queued (its events name the staker whose shares leave); absent on the devnet's stand-in. */
  delegationManager?: Address;
  strategies: readonly EigenLayerStrategyConfig[];
}

export interface TokenConfig {
  symbol: string;
  address: Address;
  decimals: number;
  /** Asset whose price history drives this token in the risk model (WETH → ETH, wstETH → wstETH …). */
  priceAsset: string;
}

export interface ChainConfig {
  chainId: number;
  name: string;
  /** Aave V3 market, when the chain has one Vigil reads. */
  aave: AaveMarketAddresses | null;
  eigenLayer: EigenLayerAddresses | null;
  tokens: readonly TokenConfig[];
  /** A local test chain (anvil); never a real network. */
  isDevnet: boolean;
  /**
   * Seconds between blocks (the chain's target): how old a node's head may be before it is further behind than
   * the reorg-safety window (worker/chain/headAge.ts). Absent on the devnet, whose clock is its own.
   */
  blockTimeSeconds?: number;
  /** The block explorer users open a transaction in (`<explorerUrl>/tx/<hash>`); none for the devnet. */
  explorerUrl?: string;
}

/** Multicall3 is deployed at the same address on every chain Vigil supports (and on the devnet by hand). */
export const MULTICALL3_ADDRESS: Address = "0xcA11bde05977b3631167028862bE2a173976CA11";
