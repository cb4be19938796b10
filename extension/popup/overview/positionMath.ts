import type { AaveAccount } from "../../../shared/schemas/portfolio";
import { HEALTH_FACTOR_SAFE_FROM, HEALTH_FACTOR_WARNING_FROM } from "../../../shared/words/healthFactorBand";

/**
 * The account's net APY on its equity, the number Aave's dashboard shows: interest earned on supplies minus
 * interest paid on borrows, over collateral minus debt. null without equity (nothing to divide by).
 */
export function netApy(account: Pick<AaveAccount, "supplies" | "borrows">): number | null {
  const supplied = account.supplies.reduce((sum, s) => sum + s.amountUsd, 0);
  const borrowed = account.borrows.reduce((sum, b) => sum + b.amountUsd, 0);
  const equity = supplied - borrowed;
  if (equity <= 0) return null;
  const earned = account.supplies.reduce((sum, s) => sum + s.amountUsd * s.supplyApy, 0);
  const paid = account.borrows.reduce((sum, b) => sum + b.amountUsd * b.variableBorrowApy, 0);
  return (earned - paid) / equity;
}

/** Share of the borrowing power in use: debt / (debt + what may still be borrowed). */
export function borrowPowerUsed(
  account: Pick<AaveAccount, "totalDebtUsd" | "availableBorrowsUsd">,
): number | null {
  const limit = account.totalDebtUsd + account.availableBorrowsUsd;
  return limit > 0 ? account.totalDebtUsd / limit : null;
}

/**
 * Where a health factor sits on the popup's three-band scale (red 1–1.1, orange 1.1–3, green 3–5+, drawn
 * 1 : 2 : 1 wide), as a percentage from the left. No debt sits at the safe end.
 */
export function healthFactorScalePosition(healthFactor: number | null): number {
  if (healthFactor === null) return 100;
  if (healthFactor < HEALTH_FACTOR_WARNING_FROM)
    return (25 * (Math.max(healthFactor, 1) - 1)) / (HEALTH_FACTOR_WARNING_FROM - 1);
  if (healthFactor < HEALTH_FACTOR_SAFE_FROM)
    return (
      25 +
      (50 * (healthFactor - HEALTH_FACTOR_WARNING_FROM)) /
        (HEALTH_FACTOR_SAFE_FROM - HEALTH_FACTOR_WARNING_FROM)
    );
  return 75 + (25 * Math.min(healthFactor - HEALTH_FACTOR_SAFE_FROM, 2)) / 2;
}
