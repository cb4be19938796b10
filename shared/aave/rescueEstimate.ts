import type { AaveAccount } from "../schemas/portfolio";

/** What a rescue would move, as the popup shows it on its buttons before the server sizes it exactly. */
export interface RescueEstimate {
  symbol: string;
  /** Whole tokens. */
  amount: number;
  amountUsd: number;
}

/**
 * The Pool's formula HF = Σ(collateral·LT) / debt on the portfolio's USD figures (targetHealthFactor.ts does it
 * exactly, in base units, on the server):
 *   repay:  HF·D / (D − x) = target  →  x = D·(1 − HF / target), in the largest debt, at most all of it
 *   supply: (HF·D + x·LTₐ) / D = target  →  x = D·(target − HF) / LTₐ, in the largest collateral that counts
 * Null when there is nothing to do (no debt, already at the target) or no asset to do it with.
 */
export function rescueEstimates(
  account: Pick<AaveAccount, "healthFactor" | "totalDebtUsd" | "supplies" | "borrows">,
  target: number,
): { repay: RescueEstimate | null; supply: RescueEstimate | null } {
  const hf = account.healthFactor;
  const debt = account.totalDebtUsd;
  if (hf === null || debt <= 0 || hf >= target) return { repay: null, supply: null };
  const largest = <T extends { amountUsd: number }>(items: T[]) =>
    items.reduce<T | null>(
      (best, item) => (best === null || item.amountUsd > best.amountUsd ? item : best),
      null,
    );

  const borrow = largest(account.borrows.filter((b) => b.priceUsd > 0));
  const repayUsd = borrow ? Math.min(debt * (1 - hf / target), borrow.amountUsd) : 0;
  const repay =
    borrow && repayUsd > 0
      ? { symbol: borrow.symbol, amount: repayUsd / borrow.priceUsd, amountUsd: repayUsd }
      : null;

  const collateral = largest(
    account.supplies.filter((s) => s.usedAsCollateral && s.liquidationThreshold > 0 && s.priceUsd > 0),
  );
  const supplyUsd = collateral ? (debt * (target - hf)) / collateral.liquidationThreshold : 0;
  const supply =
    collateral && supplyUsd > 0
      ? { symbol: collateral.symbol, amount: supplyUsd / collateral.priceUsd, amountUsd: supplyUsd }
      : null;
  return { repay, supply };
}
