/** Below this Aave lets anyone liquidate the position (HF is 1 at the liquidation mark). */
export const LIQUIDATION_HEALTH_FACTOR = 1;

/**
 * A health factor in words for every screen and notification: "Liquidatable" below 1 (never "1.00" rounded
 * up from 0.995), otherwise two decimals; "No debt" when there is none. `noDebt` lets a caller pick its own
 * word for that case.
 */
export function formatHealthFactor(healthFactor: number | null, noDebt = "No debt"): string {
  if (healthFactor === null) return noDebt;
  if (healthFactor < LIQUIDATION_HEALTH_FACTOR) return "Liquidatable";
  if (healthFactor >= 100) return "> 100";
  return healthFactor.toFixed(2);
}
