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

/**
 * The word beside a health factor, one scale for every surface. Orange is Aave's "keep an eye on it", not "at
 * risk" (HF 1.6 after a rescue is not at risk); red below 1.1 is near liquidation. Below 1 there is no extra word:
 * the number itself reads "Liquidatable" (healthFactorText.ts).
 */
export const HEALTH_FACTOR_BAND_LABEL: Record<HealthFactorBand, string> = {
  safe: "Safe",
  warning: "Moderate",
  danger: "Near liquidation",
  none: "No debt",
};

export function healthFactorLabel(healthFactor: number | null): string | null {
  if (healthFactor !== null && healthFactor < 1) return null;
  return HEALTH_FACTOR_BAND_LABEL[healthFactorBand(healthFactor)];
}
