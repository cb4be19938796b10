/**
 * Aave's health-factor colours, used by the popup, the toolbar badge and the in-page overlay.
 * Aave's app shows >= 3 green, 1.1 up to 3 orange, below 1.1 red; a position with no debt has no health factor
 * (Aave returns uint256 max) and is shown as safe.
 */
export type HealthFactorBand = "safe" | "warning" | "danger" | "none";

export const HEALTH_FACTOR_SAFE_FROM = 3;
export const HEALTH_FACTOR_WARNING_FROM = 1.1;

export const healthFactorBandColors: Record<HealthFactorBand, string> = {
  safe: "#2E9E5B",
  warning: "#F89F1A",
  danger: "#E84142",
  none: "#8E92A3",
};

/** `null` means "no health factor known" (signed out, no data yet), not "no debt". */
export function healthFactorBand(healthFactor: number | null): HealthFactorBand {
  if (healthFactor === null || Number.isNaN(healthFactor)) return "none";
  if (healthFactor >= HEALTH_FACTOR_SAFE_FROM) return "safe";
  if (healthFactor >= HEALTH_FACTOR_WARNING_FROM) return "warning";
  return "danger";
}
