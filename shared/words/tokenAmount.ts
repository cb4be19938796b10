import { formatUnits } from "viem";

/** The smallest amount shown below 1 token: six decimals. */
const SMALLEST_SHOWN = 0.000001;

/**
 * A token amount for people, the one format on every screen and in every notice: "7,322.7425" (four decimals
 * from 1 up), "0.052341" (six below 1), "< 0.000001" for dust rather than a misleading "0".
 */
export function formatTokenAmount(amount: number): string {
  const size = Math.abs(amount);
  if (size > 0 && size < SMALLEST_SHOWN) return `${amount < 0 ? "−" : ""}< ${SMALLEST_SHOWN.toFixed(6)}`;
  return amount.toLocaleString("en-US", { maximumFractionDigits: size >= 1 ? 4 : 6 }).replace("-", "−");
}

/** An on-chain amount (token units) with its symbol: 7322742476000000000000n, 18, "DAI" → "7,322.7425 DAI". */
export function formatTokenUnits(units: bigint, decimals: number, symbol: string): string {
  return `${formatTokenAmount(Number(formatUnits(units, decimals)))} ${symbol}`;
}
