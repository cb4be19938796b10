const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const compactUsd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  minimumFractionDigits: 0,
  maximumFractionDigits: 1,
});

/** A proper minus ("−$20K"), not the hyphen Intl writes ("-$20K", read as a dash). */
const withMinus = (text: string): string => text.replace("-", "−");

export const formatUsd = (value: number): string =>
  withMinus((Math.abs(value) >= 100_000 ? compactUsd : usd).format(value));
/** A chart axis tick: always compact ("$11.5K", "−$20K"), the same currency words as the figures beside it. */
export const formatUsdTick = (value: number): string => withMinus(compactUsd.format(value));
/** A change in money carries its sign either way: "+$120.00", "−$32,743.62". */
export const formatSignedUsd = (value: number): string =>
  `${value < 0 ? "−" : "+"}${formatUsd(Math.abs(value))}`;
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
export const shortAddress = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`;
/** A health factor for people (shared with the worker's notification words): "Liquidatable" below 1. */
export { formatHealthFactor } from "../../shared/words/healthFactorText";

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
