import { formatUnits, maxUint256 } from "viem";

/** Health factor (WAD) for people: "1.3000", or "∞" without debt. */
export function formatHealthFactor(hf: bigint): string {
  if (hf >= maxUint256 / 2n) return "∞ (no debt)";
  return Number(formatUnits(hf, 18)).toFixed(4);
}

/** Aave base currency (USD, 8 decimals) for people. */
export function formatUsd(base: bigint): string {
  return `$${Number(formatUnits(base, 8)).toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}
