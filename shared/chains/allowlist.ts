import type { Address } from "viem";
import type { ChainConfig, TokenConfig } from "./types";

/**
 * The only contracts and functions Vigil ever proposes to call on a chain: the Aave Pool (supply, repay,
 * withdraw), the configured tokens (approve, to the Pool or the StrategyManager only) and EigenLayer's
 * StrategyManager (depositIntoStrategy into a configured strategy). Anything else in a proposal is refused.
 */
export const ALLOWED_FUNCTIONS = {
  pool: ["supply", "repay", "withdraw"],
  token: ["approve"],
  strategyManager: ["depositIntoStrategy"],
} as const;

export interface ChainAllowlist {
  chainId: number;
  pool: Address | null;
  strategyManager: Address | null;
  /** Lower-cased token address → token. */
  tokens: ReadonlyMap<string, TokenConfig>;
  /** Lower-cased strategy address → the token it takes. */
  strategies: ReadonlyMap<string, TokenConfig>;
  /** Who a token approval may name as spender (lower-cased). */
  spenders: ReadonlySet<string>;
}

const lower = (address: string) => address.toLowerCase();

export function allowlistFor(chain: ChainConfig): ChainAllowlist {
  const tokens = new Map(chain.tokens.map((token) => [lower(token.address), token]));
  const strategies = new Map<string, TokenConfig>();
  for (const strategy of chain.eigenLayer?.strategies ?? []) {
    const token = chain.tokens.find((t) => t.symbol === strategy.underlyingSymbol);
    if (token) strategies.set(lower(strategy.strategy), token);
  }
  const pool = chain.aave?.pool ?? null;
  const strategyManager = chain.eigenLayer?.strategyManager ?? null;
  const spenders = new Set([pool, strategyManager].filter((a): a is Address => a !== null).map(lower));
  return { chainId: chain.chainId, pool, strategyManager, tokens, strategies, spenders };
}

/** The EigenLayer strategy that takes `token` on this chain, if there is one. */
export function strategyFor(allowlist: ChainAllowlist, token: Address): Address | null {
  for (const [strategy, config] of allowlist.strategies) {
    if (lower(config.address) === lower(token)) return strategy as Address;
  }
  return null;
}
