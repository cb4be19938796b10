import { findChain } from "../../shared/chains";
import { shortAddress } from "./format";

/**
 * What a contract is, in words, from the chain's own configuration (shared/chains): "Aave Pool", "DAI token",
 * "EigenLayer StrategyManager". Null for an address the configuration does not know.
 */
export function contractName(chainId: number, address: string): string | null {
  const chain = findChain(chainId);
  if (!chain) return null;
  const wanted = address.toLowerCase();
  const is = (candidate: string) => candidate.toLowerCase() === wanted;
  if (chain.aave) {
    if (is(chain.aave.pool)) return "Aave Pool";
    if (is(chain.aave.poolAddressesProvider)) return "Aave PoolAddressesProvider";
    if (is(chain.aave.oracle)) return "Aave Oracle";
  }
  if (chain.eigenLayer) {
    if (is(chain.eigenLayer.strategyManager)) return "EigenLayer StrategyManager";
    const strategy = chain.eigenLayer.strategies.find((s) => is(s.strategy));
    if (strategy) return `EigenLayer ${strategy.underlyingSymbol} strategy`;
  }
  const token = chain.tokens.find((t) => is(t.address));
  return token ? `${token.symbol} token` : null;
}

/** "Aave Pool (0x3246…aA08)": the name for people, the short address to check against the wallet. */
export function contractLabel(chainId: number, address: string): string {
  const name = contractName(chainId, address);
  return name ? `${name} (${shortAddress(address)})` : shortAddress(address);
}
