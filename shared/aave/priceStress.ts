/**
 * The health factor after prices move, on an account's USD figures, by the Pool's formula
 *   HF = Σ(collateral·(1 + move)·LT) / Σ(debt·(1 + move))
 * Each asset moves by `moveOf(symbol)` (−0.2 = 20 % down); assets it returns 0 for keep today's price. Amounts
 * and thresholds are the account's as the API reports them (e-mode thresholds already applied), so a move of 0
 * gives back the account's own health factor, and each supply's liquidation price is the move that gives 1.
 */
export interface StressableAccount {
  supplies: ReadonlyArray<{
    symbol: string;
    amountUsd: number;
    liquidationThreshold: number;
    usedAsCollateral: boolean;
  }>;
  borrows: ReadonlyArray<{ symbol: string; amountUsd: number }>;
}

/** null when nothing is borrowed (no health factor to speak of, as the Pool's uint256 max). */
export function healthFactorAfterPriceMoves(
  account: StressableAccount,
  moveOf: (symbol: string) => number,
): number | null {
  const factor = (symbol: string) => Math.max(0, 1 + moveOf(symbol));
  const debt = account.borrows.reduce((sum, b) => sum + b.amountUsd * factor(b.symbol), 0);
  if (debt <= 0) return null;
  const weighted = account.supplies
    .filter((s) => s.usedAsCollateral)
    .reduce((sum, s) => sum + s.amountUsd * factor(s.symbol) * s.liquidationThreshold, 0);
  return weighted / debt;
}
