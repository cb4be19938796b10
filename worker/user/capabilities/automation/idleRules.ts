import type { Address } from "viem";
import { findToken } from "../../../../shared/chains";
import type { ChainConfig } from "../../../../shared/chains/types";
import type { Rule } from "../../../../shared/schemas/rules";

/**
 * When the automation loop may sleep like monitoring does (the hourly heartbeat) instead of ticking every 30 s:
 * only while nothing can happen to the rules that the chain's market object would not wake the user for. A
 * `health_factor_below` trigger is a health-factor line, which the market object turns into price levels
 * (worker/defi/market/wakeIndex.ts) exactly like the alert threshold; a `price_below` / `price_above` trigger is a
 * price level of its own. APY and risk triggers keep the 30 s loop.
 */

/** Whether every enabled rule's trigger is one the market object can wake the user for. */
export function wakeable(rules: readonly Rule[]): boolean {
  return rules.every(
    (rule) => rule.trigger.type === "health_factor_below" || rule.trigger.type.startsWith("price_"),
  );
}

/** The health-factor triggers among the enabled rules: lines the market object wakes the user at. */
export function healthFactorLines(rules: readonly Rule[]): number[] {
  return rules.flatMap((rule) => (rule.trigger.type === "health_factor_below" ? [rule.trigger.value] : []));
}

export interface PriceLevel {
  chainId: number;
  asset: Address;
  usd: number;
}

/**
 * The price triggers as levels on the chain whose price the trigger reads: the first served Aave chain that lists
 * the token, as worker/proposals/triggerContext.ts does. A token no chain lists has no level (its trigger is
 * "unknown", which keeps the loop awake).
 */
export function priceLevels(rules: readonly Rule[], chains: readonly ChainConfig[]): PriceLevel[] {
  const aave = chains.filter((chain) => chain.aave);
  return rules.flatMap((rule) => {
    const trigger = rule.trigger;
    if (trigger.type !== "price_below" && trigger.type !== "price_above") return [];
    for (const chain of aave) {
      const token = findToken(chain, trigger.asset);
      if (token) return [{ chainId: chain.chainId, asset: token.address, usd: trigger.usd }];
    }
    return [];
  });
}

/** Changes whenever a rule that could fire does: a mark for one set of rules says nothing about another. */
export function rulesFingerprint(rules: readonly Rule[]): string {
  return rules
    .map((rule) => `${rule.id}@${rule.updatedAt}`)
    .sort()
    .join(",");
}

export interface IdleInput {
  /** The enabled rules. */
  rules: readonly Rule[];
  /** Proposals not yet ended, or confirmed within the reorg window: their expiry and receipts are the 30 s loop's to watch. */
  openTransactions: number;
  /** The rules whose last tick found every trigger idle (none holding, none cooling down), or null. */
  idleFor: string | null;
  /** Every chain's market object wakes this user on need, and no socket is open (monitoring's own condition). */
  wokenOnNeed: boolean;
  /** Whether the market objects hold these rules' lines and levels (the registrations they accepted). */
  wakesRegistered(): boolean;
}

export function automationMayIdle(input: IdleInput): boolean {
  if (input.rules.length === 0 || input.openTransactions > 0 || !input.wokenOnNeed) return false;
  if (!wakeable(input.rules)) return false;
  return input.idleFor === rulesFingerprint(input.rules) && input.wakesRegistered();
}
