import { MAX_UINT256, WAD } from "./constants";

/** A wad health factor as a number; Infinity when there is no debt (the Pool's type(uint256).max). */
export function healthFactorToNumber(healthFactor: bigint): number {
  if (healthFactor === MAX_UINT256) return Number.POSITIVE_INFINITY;
  return Number(healthFactor) / Number(WAD);
}

/**
 * The colour bands users already know from Aave's interface: green ≥ 3, orange 1.1–3, red < 1.1.
 * The interface also asks for confirmation when an action takes HF below 1.5.
 */
export const HEALTH_FACTOR_BANDS = { safeAtOrAbove: 3, dangerBelow: 1.1, confirmBelow: 1.5 } as const;

export type HealthFactorBand = "safe" | "warning" | "danger";

export function healthFactorBand(healthFactor: number): HealthFactorBand {
  if (healthFactor >= HEALTH_FACTOR_BANDS.safeAtOrAbove) return "safe";
  if (healthFactor >= HEALTH_FACTOR_BANDS.dangerBelow) return "warning";
  return "danger";
}

export const HEALTH_FACTOR_BAND_COLORS: Record<HealthFactorBand, string> = {
  safe: "#2e7d32",
  warning: "#ed6c02",
  danger: "#d32f2f",
};
