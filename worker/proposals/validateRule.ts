import { findToken } from "../../shared/chains";
import { allowlistFor, strategyFor } from "../../shared/chains/allowlist";
import type { ChainConfig } from "../../shared/chains/types";
import type { Portfolio } from "../../shared/schemas/portfolio";
import type { Action, Trigger } from "../../shared/schemas/rules";

export interface RuleProblem {
  path: string;
  message: string;
}

/** Chain-config checks (no RPC): the assets a rule names exist where it names them, and the action is possible there. */
export function checkRuleAgainstChains(
  rule: { trigger: Trigger; action: Action },
  chains: readonly ChainConfig[],
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const chainOf = (chainId: number) => chains.find((c) => c.chainId === chainId);
  const { trigger, action } = rule;
  if (trigger.type === "apy_below" || trigger.type === "apy_above") {
    const chain = chainOf(trigger.chainId);
    if (trigger.protocol === "eigenlayer") {
      problems.push({
        path: "trigger.protocol",
        message: "EigenLayer pays no supply APY Vigil can read; APY triggers watch Aave (protocol: aave)",
      });
    } else if (chain && !chain.aave) {
      problems.push({ path: "trigger.chainId", message: `chain ${chain.chainId} has no Aave market` });
    } else if (chain && !findToken(chain, trigger.asset)) {
      problems.push({
        path: "trigger.asset",
        message: `${trigger.asset} is not an asset on chain ${chain.chainId} (known: ${chain.tokens.map((t) => t.symbol).join(", ")})`,
      });
    }
  }
  if (trigger.type === "price_below" || trigger.type === "price_above") {
    if (!chains.some((chain) => findToken(chain, trigger.asset))) {
      problems.push({
        path: "trigger.asset",
        message: `${trigger.asset} is not an asset on any chain served here`,
      });
    }
  }
  if (action.type !== "notify") {
    const chain = chainOf(action.chainId);
    if (chain) {
      const token = findToken(chain, action.asset);
      if (!chain.aave) {
        problems.push({ path: "action.chainId", message: `chain ${chain.chainId} has no Aave market` });
      } else if (!token) {
        problems.push({
          path: "action.asset",
          message: `${action.asset} is not an asset on chain ${chain.chainId} (known: ${chain.tokens.map((t) => t.symbol).join(", ")})`,
        });
      } else if (action.type === "rebalance" && !strategyFor(allowlistFor(chain), token.address)) {
        const takes = chain.eigenLayer?.strategies.map((s) => s.underlyingSymbol).join(", ");
        problems.push({
          path: "action.asset",
          message: takes
            ? `EigenLayer on chain ${chain.chainId} restakes ${takes}, not ${action.asset}`
            : `chain ${chain.chainId} has no EigenLayer deployment to restake in`,
        });
      }
    }
  }
  return problems;
}

/** Whether the action can ever do something for the user's current positions. */
export function checkActionAgainstPortfolio(action: Action, portfolio: Portfolio): RuleProblem[] {
  if (action.type === "notify") return [];
  const account = portfolio.aave.find((a) => a.chainId === action.chainId);
  const same = (symbol: string) => symbol.toLowerCase() === action.asset.toLowerCase();
  const problem = (message: string) => [{ path: "action", message }];
  switch (action.type) {
    case "repay":
      if (!account?.borrows.some((b) => same(b.symbol)))
        return problem(`you have no ${action.asset} debt on Aave (chain ${action.chainId}) to repay`);
      return [];
    case "supply_collateral":
      if (!account || account.borrows.length === 0)
        return problem(
          `you have no debt on Aave (chain ${action.chainId}): there is no health factor to raise`,
        );
      return [];
    case "rebalance":
      if (!account?.supplies.some((s) => same(s.symbol) && s.amountRaw !== "0"))
        return problem(`you have no ${action.asset} supplied on Aave (chain ${action.chainId}) to restake`);
      return [];
  }
}
