import { RAY, SECONDS_PER_YEAR } from "./constants";
import { rayPow } from "./wadRayMath";

/**
 * Annual percentage yield of a per-year rate in ray (currentLiquidityRate / currentVariableBorrowRate),
 * compounded every second as Aave's interface shows it: (1 + rate / year)^year − 1.
 * Returned as a ray so callers can compare exactly; use {@link rayToNumber} for display.
 */
export function rateToApyRay(rateRay: bigint): bigint {
  return rayPow(RAY + rateRay / SECONDS_PER_YEAR, SECONDS_PER_YEAR) - RAY;
}

/** A ray (1e27 = 1.0) as a JS number, keeping 18 significant decimals before the float conversion. */
export function rayToNumber(value: bigint): number {
  return Number(value / 10n ** 9n) / 1e18;
}

/** APY as a fraction (0.045 = 4.5 %). */
export function rateToApy(rateRay: bigint): number {
  return rayToNumber(rateToApyRay(rateRay));
}
