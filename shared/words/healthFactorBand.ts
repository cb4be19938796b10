/**
 * Aave's health-factor bands, the same for the API, the popup, the toolbar badge, the overlay and the alerts.
 * Aave's app shows >= 3 green, 1.1 up to 3 orange, below 1.1 red; a position with no debt has no health factor
 * (Aave returns uint256 max) and is shown as safe.
 */
export type HealthFactorBand = "safe" | "warning" | "danger" | "none";

export const HEALTH_FACTOR_SAFE_FROM = 3;
export const HEALTH_FACTOR_WARNING_FROM = 1.1;

/** `null` means "no health factor known" (signed out, no data yet), not "no debt". */
export function healthFactorBand(healthFactor: number | null): HealthFactorBand {
  if (healthFactor === null || Number.isNaN(healthFactor)) return "none";
  if (healthFactor >= HEALTH_FACTOR_SAFE_FROM) return "safe";
  if (healthFactor >= HEALTH_FACTOR_WARNING_FROM) return "warning";
  return "danger";
}
