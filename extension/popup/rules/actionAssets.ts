import { findChain } from "../../../shared/chains";
import { allowlistFor, strategyFor } from "../../../shared/chains/allowlist";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import { chainLabel } from "../../ui/format";
import type { ActionType } from "./ruleDraft";

export interface ActionAssetChoices {
  /** What the action can use on that chain, the user's own positions first. */
  symbols: string[];
  /** Why there is nothing to choose (the API would refuse every asset), or null. */
  none: string | null;
}

const bySymbol = (a: string, b: string) => a.localeCompare(b);
const unique = (symbols: string[]) => [...new Set(symbols)];

/**
 * The assets a rule's action can name, by the same rules the API checks (worker/proposals/validateRule.ts): a repay
 * only repays a debt the user has there, a restake only moves an LST the user supplies there and EigenLayer takes,
 * and collateral is any of the chain's tokens (the user's current collateral first), useful only with a debt.
 */
export function actionAssetChoices(
  actionType: ActionType,
  chainId: number,
  portfolio: Portfolio | null,
): ActionAssetChoices {
  if (actionType === "notify") return { symbols: [], none: null };
  const chain = findChain(chainId);
  const where = chainLabel(chainId);
  if (!chain?.aave) return { symbols: [], none: `Vigil reads no Aave market on ${where}.` };
  const account = portfolio?.aave.find((a) => a.chainId === chainId);
  const borrows = (account?.borrows ?? []).map((b) => b.symbol);
  const supplies = (account?.supplies ?? []).filter((s) => s.amountRaw !== "0");
  switch (actionType) {
    case "repay":
      return borrows.length > 0
        ? { symbols: unique(borrows), none: null }
        : { symbols: [], none: `You have no debt on Aave (${where}) to repay.` };
    case "supply_collateral": {
      const own = supplies.filter((s) => s.usedAsCollateral).map((s) => s.symbol);
      const rest = chain.tokens.map((t) => t.symbol).sort(bySymbol);
      return borrows.length > 0
        ? { symbols: unique([...own, ...rest]), none: null }
        : { symbols: [], none: `You have no debt on Aave (${where}): no health factor to raise.` };
    }
    case "rebalance": {
      const allowlist = allowlistFor(chain);
      const restakable = supplies
        .map((s) => s.symbol)
        .filter((symbol) => {
          const token = chain.tokens.find((t) => t.symbol.toLowerCase() === symbol.toLowerCase());
          return token !== undefined && strategyFor(allowlist, token.address) !== null;
        });
      if (restakable.length > 0) return { symbols: unique(restakable), none: null };
      const takes = chain.eigenLayer?.strategies.map((s) => s.underlyingSymbol).join(", ");
      return {
        symbols: [],
        none: takes
          ? `EigenLayer on ${where} restakes ${takes}; you supply none of them on Aave.`
          : `${where} has no EigenLayer deployment to restake in.`,
      };
    }
  }
}
