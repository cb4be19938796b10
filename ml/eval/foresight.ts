import { feedOf, type PriceFeed } from "../../shared/risk/assets";
import { legWeights, type RiskPosition } from "../../shared/risk/position";
import { labelWindow } from "../data/examples";
import type { MarketData } from "../data/market";

/** Parkinson's constant: E[(ln H/L)²] = 4·ln 2·σ² for a Brownian hour. */
const PARKINSON = 4 * Math.LN2;

export interface RealisedVolatility {
  /** Hourly σ of ln R from the exchange closes of the window (zero mean). */
  close: number;
  /** Hourly σ of ln R from each hour's range (collateral low/debt high against the reverse), Parkinson-scaled. */
  range: number;
}

/**
 * The volatility the position's collateral/debt ratio R actually had over the `horizonHours` after asOf, read from
 * the exchange candles the label is read from. No forecast can know it: it exists only to bound what knowing the
 * coming window's volatility would be worth (`risk:ceiling`). null when the window crosses a gap.
 */
export function realisedVolatility(
  market: MarketData,
  position: RiskPosition,
  asOf: number,
  horizonHours: number,
): RealisedVolatility | null {
  const weights = legWeights(position);
  const feeds = new Set<PriceFeed>();
  for (const item of [...position.collateral, ...position.debt]) {
    const feed = feedOf(item.asset);
    if (feed) feeds.add(feed);
  }
  const legs = [...feeds].map((feed) => ({
    feed,
    start: labelWindow(market, feed, asOf, horizonHours),
    candles: market.candles[feed]!,
  }));
  if (legs.some((leg) => leg.start === null)) return null;
  const ratio = (
    hour: number,
    collateralPrice: "close" | "low" | "high",
    debtPrice: "close" | "low" | "high",
  ) => {
    let collateral = weights.stableCollateralShare;
    let debt = weights.stableDebtShare;
    for (const { feed, start, candles } of legs) {
      const candle = candles[start! + hour]!;
      collateral += (weights.collateral[feed] ?? 0) * candle[collateralPrice];
      debt += (weights.debt[feed] ?? 0) * candle[debtPrice];
    }
    return collateral / debt;
  };
  let closeSquares = 0;
  let rangeSquares = 0;
  for (let hour = 1; hour <= horizonHours; hour++) {
    closeSquares += Math.log(ratio(hour, "close", "close") / ratio(hour - 1, "close", "close")) ** 2;
    rangeSquares += Math.log(ratio(hour, "high", "low") / ratio(hour, "low", "high")) ** 2;
  }
  return {
    close: Math.sqrt(closeSquares / horizonHours),
    range: Math.sqrt(rangeSquares / horizonHours / PARKINSON),
  };
}
