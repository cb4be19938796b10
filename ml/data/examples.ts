import { feedOf, type PriceFeed } from "../../shared/risk/assets";
import { computeRiskFeatures, LIMITED_HISTORY_HOURS } from "../../shared/risk/features";
import { legWeights, positionHealthFactor, type RiskPosition } from "../../shared/risk/position";
import { candleIndexAt, type MarketData } from "./market";
import { samplePosition } from "./positions";
import { createRng } from "./rng";

const HOUR = 3600;

export interface Example {
  asOf: number;
  horizonHours: number;
  position: RiskPosition;
  healthFactor: number;
  features: number[];
  gbmProbability: number;
  /** 1 when HF < 1 at some hour of the horizon (collateral at the hour's low, debt at its high). */
  label: number;
}

/**
 * Where each feed's candles sit for a label window starting at `asOf`: the candle closing at asOf (the price the
 * position was valued at) and `horizonHours` contiguous candles after it. null when any hour is missing: a gap is
 * never labelled across.
 */
export function labelWindow(
  market: MarketData,
  feed: PriceFeed,
  asOf: number,
  horizonHours: number,
): number | null {
  const candles = market.candles[feed];
  if (!candles) return null;
  const start = candleIndexAt(candles, asOf - HOUR);
  if (start < 0) return null;
  const last = candles[start + horizonHours];
  return last && last.time === asOf + (horizonHours - 1) * HOUR ? start : null;
}

/**
 * The first hour (1…horizonHours after asOf) at which the position, left untouched, is liquidatable: each hour the
 * collateral is valued at that hour's exchange low and the debt at its exchange high (the pessimistic intra-hour
 * path), relative to the oracle's answers at asOf; interest accrual is ignored. 0 when it never is within the
 * horizon; null when the window crosses a gap.
 */
export function firstLiquidationHour(
  market: MarketData,
  position: RiskPosition,
  asOf: number,
  horizonHours: number,
): number | null {
  const weights = legWeights(position);
  const healthFactor = positionHealthFactor(position);
  const feeds = new Set<PriceFeed>();
  for (const item of [...position.collateral, ...position.debt]) {
    const feed = feedOf(item.asset);
    if (feed) feeds.add(feed);
  }
  const legs = [...feeds].map((feed) => {
    const start = labelWindow(market, feed, asOf, horizonHours);
    return { feed, start, candles: market.candles[feed]!, oracle: market.history[feed]! };
  });
  if (legs.some((leg) => leg.start === null)) return null;
  for (let h = 1; h <= horizonHours; h++) {
    let collateral = weights.stableCollateralShare;
    let debt = weights.stableDebtShare;
    for (const { feed, start, candles, oracle } of legs) {
      // The position is valued at the oracle's answer at asOf (that is what its HF means), the path at the
      // exchange's lows and highs: any wick deep enough liquidates, whether or not the oracle printed it.
      const base = oracle[start!]!.price;
      const candle = candles[start! + h]!;
      collateral += (weights.collateral[feed] ?? 0) * (candle.low / base);
      debt += (weights.debt[feed] ?? 0) * (candle.high / base);
    }
    if (healthFactor * (collateral / debt) < 1) return h;
  }
  return 0;
}

/** The label: 1 when the position becomes liquidatable within the horizon (see firstLiquidationHour), null on a gap. */
export function liquidationLabel(
  market: MarketData,
  position: RiskPosition,
  asOf: number,
  horizonHours: number,
): number | null {
  const hour = firstLiquidationHour(market, position, asOf, horizonHours);
  return hour === null ? null : hour > 0 ? 1 : 0;
}

/** Feeds with enough history before `asOf` (LIMITED_HISTORY_HOURS) and a complete label window after it. */
export function feedsUsableAt(market: MarketData, asOf: number, horizonHours: number): Set<PriceFeed> {
  const usable = new Set<PriceFeed>();
  for (const [feed, candles] of Object.entries(market.candles) as [
    PriceFeed,
    MarketData["candles"]["ETH"],
  ][]) {
    if (!candles?.length || candles[0]!.time > asOf - LIMITED_HISTORY_HOURS * HOUR) continue;
    if (labelWindow(market, feed, asOf, horizonHours) !== null) usable.add(feed);
  }
  return usable;
}

export interface TimeRange {
  /** First allowed asOf (unix s). */
  from: number;
  /** asOf + horizon must not pass this (unix s): the label window stays inside the range. */
  to: number;
}

export interface GenerateOptions {
  market: MarketData;
  ranges: readonly TimeRange[];
  horizonHours: number;
  count: number;
  seed: number;
  onProgress?: (done: number) => void;
}

/**
 * Random start hours (uniform over the ranges' hours) × random positions. A draw whose label window crosses a gap
 * is dropped and redrawn. Deterministic for a given seed and data.
 */
export function generateExamples(options: GenerateOptions): Example[] {
  const { market, horizonHours, count } = options;
  const rng = createRng(options.seed);
  // Only hours the ETH record can serve: history before, a full label window after.
  const eth = market.candles.ETH ?? [];
  const dataFrom = (eth[0]?.time ?? 0) + LIMITED_HISTORY_HOURS * HOUR;
  const dataTo = (eth[eth.length - 1]?.time ?? 0) + HOUR;
  const hours = options.ranges
    .map((r) => ({
      first: Math.ceil(Math.max(r.from, dataFrom) / HOUR),
      last: Math.floor((Math.min(r.to, dataTo) - horizonHours * HOUR) / HOUR),
    }))
    .filter((r) => r.last >= r.first);
  const total = hours.reduce((s, r) => s + (r.last - r.first + 1), 0);
  const examples: Example[] = [];
  if (total === 0) return examples;
  let attempts = 0;
  while (examples.length < count && attempts < count * 20) {
    attempts++;
    let index = Math.floor(rng() * total);
    let asOf = 0;
    for (const r of hours) {
      const size = r.last - r.first + 1;
      if (index < size) {
        asOf = (r.first + index) * HOUR;
        break;
      }
      index -= size;
    }
    const available = feedsUsableAt(market, asOf, horizonHours);
    if (!available.has("ETH")) continue;
    const position = samplePosition(rng, available);
    const label = liquidationLabel(market, position, asOf, horizonHours);
    if (label === null) continue;
    const features = computeRiskFeatures({ position, history: market.history, asOf, horizonHours });
    examples.push({
      asOf,
      horizonHours,
      position,
      healthFactor: features.healthFactor,
      features: features.vector,
      gbmProbability: features.gbmProbability,
      label,
    });
    if (examples.length % 1000 === 0) options.onProgress?.(examples.length);
  }
  return examples;
}
