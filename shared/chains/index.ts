import { devnetChainConfig } from "./devnet";
import { arbitrum, base, ethereum, optimism, polygon } from "./mainnets";
import type { ChainConfig, TokenConfig } from "./types";

export type { AaveMarketAddresses, ChainConfig, EigenLayerAddresses, TokenConfig } from "./types";
export { MULTICALL3_ADDRESS } from "./types";

/** Every chain Vigil knows. Which ones a deployment serves is its CHAIN_IDS setting. */
export const chains: readonly ChainConfig[] = [
  devnetChainConfig,
  ethereum,
  arbitrum,
  optimism,
  polygon,
  base,
];

export function findChain(chainId: number): ChainConfig | undefined {
  return chains.find((chain) => chain.chainId === chainId);
}

/** Token lookup by symbol, case-insensitive (users type "usdc"; the config says "USDC"). */
export function findToken(chain: ChainConfig, symbol: string): TokenConfig | undefined {
  const wanted = symbol.toLowerCase();
  return chain.tokens.find((token) => token.symbol.toLowerCase() === wanted);
}

/** Where a user can look a transaction up, or null on a chain without a public explorer (the devnet). */
export function transactionExplorerUrl(chainId: number, hash: string): string | null {
  const explorer = findChain(chainId)?.explorerUrl;
  return explorer ? `${explorer}/tx/${hash}` : null;
}
