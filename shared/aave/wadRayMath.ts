import { HALF_PERCENTAGE_FACTOR, HALF_RAY, HALF_WAD, PERCENTAGE_FACTOR, RAY, WAD } from "./constants";

// Half-up rounding exactly as Aave's WadRayMath and PercentageMath libraries round, so that our numbers
// match the contracts' to the last unit. bigint division truncates toward zero; every operand here is ≥ 0.

export function rayMul(a: bigint, b: bigint): bigint {
  return (a * b + HALF_RAY) / RAY;
}

export function rayDiv(a: bigint, b: bigint): bigint {
  return (a * RAY + b / 2n) / b;
}

export function wadMul(a: bigint, b: bigint): bigint {
  return (a * b + HALF_WAD) / WAD;
}

export function wadDiv(a: bigint, b: bigint): bigint {
  return (a * WAD + b / 2n) / b;
}

export function percentMul(value: bigint, percentage: bigint): bigint {
  return (value * percentage + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR;
}

export function percentDiv(value: bigint, percentage: bigint): bigint {
  return (value * PERCENTAGE_FACTOR + percentage / 2n) / percentage;
}

/** x^n in ray by squaring, the way @aave/math-utils compounds a per-second rate over a year. */
export function rayPow(x: bigint, n: bigint): bigint {
  let z = n % 2n !== 0n ? x : RAY;
  let base = x;
  for (let e = n / 2n; e !== 0n; e /= 2n) {
    base = rayMul(base, base);
    if (e % 2n !== 0n) z = rayMul(z, base);
  }
  return z;
}
