import { type ChainConfig, findChain } from "../../shared/chains";
import type { Config } from "../config";
import { NotFoundError } from "../errors";

/** The chains this deployment serves (CHAIN_IDS), in the configured order. */
export function servedChains(config: Config): ChainConfig[] {
  return config.chainIds.flatMap((chainId) => {
    const chain = findChain(chainId);
    return chain ? [chain] : [];
  });
}

/** A served chain by id (the first served one when none is asked for); 404 for one we do not serve. */
export function servedChain(config: Config, chainId: number | undefined): ChainConfig {
  const chains = servedChains(config);
  const chain = chainId === undefined ? chains[0] : chains.find((c) => c.chainId === chainId);
  if (!chain) throw new NotFoundError(`Chain ${chainId}`);
  return chain;
}
