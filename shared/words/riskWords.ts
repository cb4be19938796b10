import type { AaveAccount } from "../schemas/portfolio";
import { formatUsd } from "./money";

/** How far the main collateral may fall before liquidation: the account's largest collateral with a price mark. */
export interface LiquidationDistance {
  symbol: string;
  /** 0.23 = a 23 % fall. */
  fall: number;
  liquidationPriceUsd: number;
}

/** The share a price must fall to reach its liquidation price (0.23 = 23 %; ≤ 0 at or past it), or null. */
export function fallToLiquidation(priceUsd: number, liquidationPriceUsd: number | null): number | null {
  if (liquidationPriceUsd === null || !(priceUsd > 0)) return null;
  return 1 - liquidationPriceUsd / priceUsd;
}

/**
 * A fall to liquidation as every screen and notice says it, so the popup's row and the forecast's sentence agree:
 * one decimal ("20.7 %", "4.6 %"), "less than 0.1 %" below that.
 */
export function formatFall(fall: number): string {
  return fall < 0.001 ? "less than 0.1 %" : `${(fall * 100).toFixed(1)} %`;
}

export function liquidationDistance(account: AaveAccount | null | undefined): LiquidationDistance | null {
  const collateral = (account?.supplies ?? [])
    .filter((s) => s.usedAsCollateral && s.liquidationPriceUsd !== null && s.priceUsd > 0)
    .sort((a, b) => b.amountUsd - a.amountUsd)[0];
  if (!collateral || collateral.liquidationPriceUsd === null) return null;
  const fall = fallToLiquidation(collateral.priceUsd, collateral.liquidationPriceUsd);
  if (fall === null) return null;
  return { symbol: collateral.symbol, fall, liquidationPriceUsd: collateral.liquidationPriceUsd };
}

/**
 * The distance in Aave's plain words: "WETH would have to fall 23.1 % (to $2,576.97) for liquidation"; at or past
 * the mark: "WETH is at or below its liquidation price ($2,576.97)". The same figures as the position's row.
 */
export function liquidationDistanceText(distance: LiquidationDistance): string {
  const to = formatUsd(distance.liquidationPriceUsd);
  if (distance.fall <= 0) return `${distance.symbol} is at or below its liquidation price (${to})`;
  return `${distance.symbol} would have to fall ${formatFall(distance.fall)} (to ${to}) for liquidation`;
}

/** A forecast as odds a borrower reads: "about 1 in 150 in a day", never "0.7 %" or "σ". */
export function liquidationOddsText(probability: number, horizon: "24h" | "7d"): string {
  const when = horizon === "24h" ? "in a day" : "in a week";
  if (probability >= 0.5) return `more likely than not ${when}`;
  if (probability < 0.001) return `less than 1 in 1,000 ${when}`;
  const oneIn = Math.round(1 / probability);
  return `about 1 in ${oneIn.toLocaleString("en-US")} ${when}`;
}

/**
 * The forecast's one sentence: the distance, then the odds at today's volatility. Below 1 the position can be
 * liquidated now, whatever the odds say: "more likely than not in a day" would understate it.
 */
export function liquidationRiskSummary(input: {
  distance: LiquidationDistance | null;
  probability: number;
  horizon: "24h" | "7d";
  healthFactor: number | null;
}): string {
  const lead = input.distance ? liquidationDistanceText(input.distance) : "Liquidation";
  if (input.healthFactor !== null && input.healthFactor < 1)
    return `${input.distance ? lead : "Health factor below 1"}: the position can be liquidated now.`;
  return `${lead}: ${liquidationOddsText(input.probability, input.horizon)} at today's volatility.`;
}
