import type { AaveAccount } from "../schemas/portfolio";
import type { TransactionPreview } from "../schemas/transactions";

/**
 * What a proposal's action would do to the health factor if signed now, on the portfolio's current USD figures
 * (the formulas of rescueEstimate.ts the other way round; the server's figures were worked out on an older
 * market). The amount is repriced at today's price of its asset:
 *   repay:             HF·D / (D − x)       (Infinity: no debt left)
 *   supply_collateral: (HF·D + x·LTₐ) / D
 *   rebalance:         (HF·D − x·LTₐ) / D   (collateral withdrawn to restake)
 * Null when it cannot be told: no HF or no debt now, or an asset the account does not hold.
 */
export function healthFactorIfSignedNow(
  account: Pick<AaveAccount, "healthFactor" | "totalDebtUsd" | "supplies" | "borrows">,
  preview: Pick<TransactionPreview, "action" | "asset" | "amount">,
): number | null {
  const hf = account.healthFactor;
  const debt = account.totalDebtUsd;
  if (hf === null || debt <= 0) return null;
  if (preview.action === "repay") {
    const borrow = account.borrows.find((b) => b.symbol === preview.asset);
    if (!borrow) return null;
    const repaid = preview.amount * borrow.priceUsd;
    return repaid >= debt ? Number.POSITIVE_INFINITY : (hf * debt) / (debt - repaid);
  }
  const supply = account.supplies.find((s) => s.symbol === preview.asset);
  if (!supply) return null;
  const weighted = preview.amount * supply.priceUsd * supply.liquidationThreshold;
  return preview.action === "supply_collateral"
    ? (hf * debt + weighted) / debt
    : (hf * debt - weighted) / debt;
}
