import { MAX_UINT256, WAD } from "./constants";

/** A wad health factor as a number; Infinity when there is no debt (the Pool's type(uint256).max). */
export function healthFactorToNumber(healthFactor: bigint): number {
  if (healthFactor === MAX_UINT256) return Number.POSITIVE_INFINITY;
  return Number(healthFactor) / Number(WAD);
}
