import { baseToUsd, type UserAccount } from "../../shared/aave";
import { healthFactorAfter } from "../../shared/aave/targetHealthFactor";
import type { TokenConfig } from "../../shared/chains/types";
import type { TransactionPreview } from "../../shared/schemas/transactions";
import type { AaveMarketSnapshot } from "../defi/aave/snapshots";
import { assetTermsOf, fromWad, supplyWouldNotCount } from "./planAction";
import type { RiskChange } from "./riskOf";

export interface FiguresNow {
  healthFactor: TransactionPreview["healthFactor"];
  /** The change in USD at today's price (+ adds collateral / debt), for the risk forecast; null when none applies. */
  change: Omit<RiskChange, "healthFactor"> | null;
}

/**
 * What a proposal's fixed amount does to the health factor on the account as the chain has it now, by the Pool's
 * formula: the figures the approval page shows when the user signs, not the ones from when the rule worked it
 * out (the market may have moved since). A repay larger than today's debt counts as the whole debt; a supply the
 * Pool would not count as collateral, or a withdrawal of a supply that is not collateral, leaves it unchanged.
 * Null on either side: no debt (no health factor), or the asset is no reserve any more.
 */

export function healthFactorNow(input: {
  preview: Pick<TransactionPreview, "action" | "amountRaw">;
  token: TokenConfig;
  market: AaveMarketSnapshot;
  account: UserAccount;
}): FiguresNow {
  const { preview, token, market, account } = input;
  const before = account.totalDebtBase === 0n ? null : fromWad(account.healthFactor);
  const found = assetTermsOf(market, account, token);
  if (!found || before === null) return { healthFactor: { before, after: null }, change: null };
  const amount = BigInt(preview.amountRaw);
  const position = account.positions.find(
    (p) => p.underlyingAsset.toLowerCase() === token.address.toLowerCase(),
  );
  let change: { collateralDelta?: bigint; debtDelta?: bigint } = {};
  switch (preview.action) {
    case "repay": {
      const debt = (position?.variableDebt ?? 0n) + (position?.stableDebt ?? 0n);
      change = { debtDelta: -(amount < debt ? amount : debt) };
      break;
    }
    case "supply_collateral":
      if (supplyWouldNotCount(token.symbol, account, found.reserve, position) === null)
        change = { collateralDelta: amount };
      break;
    case "rebalance":
      if (position?.usedAsCollateral) change = { collateralDelta: -amount };
      break;
  }
  // The same change in USD at today's price: what the risk forecast applies to the positions (as planAction's).
  const unit = 10n ** BigInt(found.terms.decimals);
  const usd = (units: bigint) => baseToUsd((units * found.terms.price) / unit, market.baseCurrency);
  return {
    healthFactor: { before, after: fromWad(healthFactorAfter(account, found.terms, change)) },
    change: {
      symbol: token.symbol,
      collateralUsd: change.collateralDelta === undefined ? 0 : usd(change.collateralDelta),
      debtUsd: change.debtDelta === undefined ? 0 : usd(change.debtDelta),
    },
  };
}
