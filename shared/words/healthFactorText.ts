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

/**
 * A health factor said next to the line it crossed ("1.19, below 1.25"): two decimals, as on every screen, unless
 * they round up to the line itself ("1.25, below 1.25" for 1.2496); then as many more (up to four) as it takes.
 */
export function formatHealthFactorBelow(healthFactor: number, line: number): string {
  for (let decimals = 2; decimals < 4; decimals++) {
    const text = healthFactor.toFixed(decimals);
    if (Number(text) < line) return text;
  }
  // Within 0.00005 of the line: cut, not rounded, so it still reads below it.
  return (Math.floor(healthFactor * 1e4) / 1e4).toFixed(4);
}

/**
 * The health factor as the dashboard shows it beside the user's alert line: `formatHealthFactor`, except that a
 * figure under the line never rounds up to it (1.2999 with a 1.30 alert reads "1.2999", as the alert says, not
 * "1.30").
 */
export function formatHealthFactorAgainst(
  healthFactor: number | null,
  alertThreshold: number | undefined,
  noDebt?: string,
): string {
  if (
    healthFactor === null ||
    alertThreshold === undefined ||
    healthFactor < LIQUIDATION_HEALTH_FACTOR ||
    healthFactor >= alertThreshold
  )
    return formatHealthFactor(healthFactor, noDebt);
  return formatHealthFactorBelow(healthFactor, alertThreshold);
}
