import { RAY, SECONDS_PER_YEAR } from "./constants";
import { rayMul } from "./wadRayMath";

// MathUtils.calculateLinearInterest / calculateCompoundedInterest and ReserveLogic.getNormalizedIncome /
// getNormalizedDebt: how an index has grown since the reserve was last touched on-chain.

export function calculateLinearInterest(rate: bigint, lastUpdateTimestamp: bigint, now: bigint): bigint {
  return RAY + (rate * (now - lastUpdateTimestamp)) / SECONDS_PER_YEAR;
}

/** Aave's three-term binomial approximation of (1 + rate/year)^seconds, cheaper than exact compounding. */
export function calculateCompoundedInterest(rate: bigint, lastUpdateTimestamp: bigint, now: bigint): bigint {
  const exp = now - lastUpdateTimestamp;
  if (exp <= 0n) return RAY;
  const expMinusOne = exp - 1n;
  const expMinusTwo = exp > 2n ? exp - 2n : 0n;
  const basePowerTwo = rayMul(rate, rate) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
  const basePowerThree = rayMul(basePowerTwo, rate) / SECONDS_PER_YEAR;
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n;
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n;
  return RAY + (rate * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm;
}

export interface ReserveIndexes {
  liquidityIndex: bigint;
  variableBorrowIndex: bigint;
  liquidityRate: bigint;
  variableBorrowRate: bigint;
  lastUpdateTimestamp: bigint;
}

export function getNormalizedIncome(reserve: ReserveIndexes, now: bigint): bigint {
  if (reserve.lastUpdateTimestamp === now) return reserve.liquidityIndex;
  return rayMul(
    calculateLinearInterest(reserve.liquidityRate, reserve.lastUpdateTimestamp, now),
    reserve.liquidityIndex,
  );
}

export function getNormalizedDebt(reserve: ReserveIndexes, now: bigint): bigint {
  if (reserve.lastUpdateTimestamp === now) return reserve.variableBorrowIndex;
  return rayMul(
    calculateCompoundedInterest(reserve.variableBorrowRate, reserve.lastUpdateTimestamp, now),
    reserve.variableBorrowIndex,
  );
}
