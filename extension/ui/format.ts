import { withMinus } from "../../shared/words/money";

/** Money (shared with the worker's words): "$3,100.50", "$250K", "−$20K" on an axis, "+$120.00" for a change. */
export { formatSignedUsd, formatUsd, formatUsdTick } from "../../shared/words/money";
/** "1.82 %", "−22.79 %" (a proper minus); a value that rounds to zero is "0.00 %", never "−0.00 %". */
export const formatPercent = (fraction: number): string => {
  const text = (fraction * 100).toFixed(2);
  return `${text === "-0.00" ? "0.00" : withMinus(text)} %`;
};
/** A token amount (shared with the worker's step and notification words): "7,322.7425". */
export { formatTokenAmount as formatAmount } from "../../shared/words/tokenAmount";
/** A probability for people: "< 1 %" rather than a misleading "0 %". */
export const formatProbability = (probability: number): string =>
  probability > 0 && probability < 0.01 ? "< 1 %" : `${Math.round(probability * 100)} %`;
/** A health factor for people (shared with the worker's notification words): "Liquidatable" below 1. */
export { formatHealthFactor } from "../../shared/words/healthFactorText";
export { shortAddress } from "../../shared/words/watchedAccountWords";

/** "14:32" in the browser's time zone: a notification or a cooldown says when, so a late one is not news. */
export function formatClockTime(ms: number): string {
  const at = new Date(ms);
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}

/** "14:32" today, "Nov 4, 14:32" another day: a replayed notice must not read as today's. */
export function formatWhen(ms: number, now: number): string {
  const at = new Date(ms);
  if (at.toDateString() === new Date(now).toDateString()) return formatClockTime(ms);
  const day = at.toLocaleDateString("en-US", { month: "short", day: "numeric" });
  return `${day}, ${formatClockTime(ms)}`;
}

export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

// Display names only; which chains exist is the API's business (shared/chains).
const chainNames: Record<number, string> = {
  1: "Ethereum",
  10: "Optimism",
  137: "Polygon",
  8453: "Base",
  42161: "Arbitrum",
  11155111: "Sepolia",
  31337: "Local devnet",
};
export const chainLabel = (chainId: number): string => chainNames[chainId] ?? `Chain ${chainId}`;
