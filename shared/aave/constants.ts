// Fixed-point units used by Aave V3 (WadRayMath, PercentageMath, MathUtils).
export const WAD = 10n ** 18n;
export const HALF_WAD = WAD / 2n;
export const RAY = 10n ** 27n;
export const HALF_RAY = RAY / 2n;
/** Basis points: 10_000 = 100 %. LTV, liquidation threshold and bonus are stored this way. */
export const PERCENTAGE_FACTOR = 10_000n;
export const HALF_PERCENTAGE_FACTOR = PERCENTAGE_FACTOR / 2n;
/** Aave uses a 365-day year for every rate. */
export const SECONDS_PER_YEAR = 31_536_000n;
/** A health factor with no debt: Aave returns type(uint256).max. */
export const MAX_UINT256 = 2n ** 256n - 1n;
/** Health factor below which a position can be liquidated (1.0 in wad). */
export const HEALTH_FACTOR_LIQUIDATION_THRESHOLD = WAD;
