import { numberToHex } from "viem";
import { arbitrum, base, type Chain, foundry, mainnet, optimism, polygon, sepolia } from "viem/chains";
import { chainLabel } from "../../ui/format";

/** Chains a wallet may be asked to add: viem's public RPC, currency and explorer for each chain Vigil serves. */
const known: readonly Chain[] = [mainnet, arbitrum, optimism, polygon, base, sepolia, foundry];

/** EIP-3085 `wallet_addEthereumChain` parameters. */
export interface AddEthereumChainParameter {
  chainId: `0x${string}`;
  chainName: string;
  nativeCurrency: { name: string; symbol: string; decimals: number };
  rpcUrls: string[];
  blockExplorerUrls?: string[];
}

/** What the wallet needs to add `chainId`, or null for a chain Vigil cannot describe. */
export function addChainParams(chainId: number): AddEthereumChainParameter | null {
  const chain = known.find((c) => c.id === chainId);
  if (!chain) return null;
  const explorer = chain.blockExplorers?.default.url;
  return {
    chainId: numberToHex(chainId),
    chainName: chainLabel(chainId),
    nativeCurrency: { ...chain.nativeCurrency },
    rpcUrls: [...chain.rpcUrls.default.http],
    ...(explorer ? { blockExplorerUrls: [explorer] } : {}),
  };
}
