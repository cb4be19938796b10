import { feedOf } from "../../shared/risk/assets";
import { riskBand } from "../../shared/risk/bands";
import { computeRiskFeatures } from "../../shared/risk/features";
import type { LoadedRiskModel } from "../../shared/risk/model";
import type { RiskPosition } from "../../shared/risk/position";
import { lastIndexAtOrBefore } from "../../shared/risk/priceHistory";
import { feedsUsableAt, firstLiquidationHour, type TimeRange } from "../data/examples";
import type { MarketData } from "../data/market";
import { samplePosition } from "../data/positions";
import { createRng } from "../data/rng";

const HOUR = 3600;

export interface LeadTimeResult {
  /** Positions opened in the window. */
  positions: number;
  /** Of those, liquidated (first touch) before the window ended. */
  liquidated: number;
  /** Liquidated less than `leadHours` after being opened: no forecast could have come that early. */
  tooSoon: number;
  /** Liquidated ones whose 24 h forecast, `leadHours` before the first touch, was in the "high" band. */
  warned: number;
  /** warned / (liquidated − tooSoon). */
  share: number;
}

/** The position `hours` later with token amounts unchanged: each asset's USD value moves with its oracle price. */
function revalued(market: MarketData, position: RiskPosition, from: number, to: number): RiskPosition | null {
  const scale = (asset: RiskPosition["collateral"][number]["asset"]) => {
    const feed = feedOf(asset);
    if (!feed) return 1;
    const points = market.history[feed]!;
    const a = points[lastIndexAtOrBefore(points, from)];
    const b = points[lastIndexAtOrBefore(points, to)];
    return a && b ? b.price / a.price : Number.NaN;
  };
  const out: RiskPosition = {
    collateral: position.collateral.map((c) => ({ ...c, usd: c.usd * scale(c.asset) })),
    debt: position.debt.map((d) => ({ ...d, usd: d.usd * scale(d.asset) })),
  };
  return [...out.collateral, ...out.debt].every((x) => Number.isFinite(x.usd)) ? out : null;
}

/**
 * Did the model warn in time? Random positions (the training mix) are opened at random hours of a crash window
 * and left untouched; for each one liquidated before the window ends (exchange lows/highs, as the labels), the
 * 24 h forecast made `leadHours` before the first touch — from the oracle history up to then, with the position
 * revalued at that hour's oracle prices — is checked for the "high" band. Deterministic for a seed.
 */
export function liquidationLeadTimes(options: {
  market: MarketData;
  model: LoadedRiskModel;
  window: TimeRange;
  count: number;
  seed: number;
  leadHours?: number;
}): LeadTimeResult {
  const { market, model, window, count } = options;
  const leadHours = options.leadHours ?? 6;
  const rng = createRng(options.seed);
  const result: LeadTimeResult = { positions: 0, liquidated: 0, tooSoon: 0, warned: 0, share: 0 };
  const firstHour = Math.ceil(window.from / HOUR);
  const lastHour = Math.floor(window.to / HOUR) - 24;
  let attempts = 0;
  while (result.positions < count && attempts++ < count * 20) {
    const opened = (firstHour + Math.floor(rng() * (lastHour - firstHour + 1))) * HOUR;
    const horizon = Math.floor((window.to - opened) / HOUR);
    const available = feedsUsableAt(market, opened, horizon);
    if (!available.has("ETH")) continue;
    const position = samplePosition(rng, available);
    const touch = firstLiquidationHour(market, position, opened, horizon);
    if (touch === null) continue;
    result.positions++;
    if (touch === 0) continue;
    result.liquidated++;
    if (touch < leadHours) {
      result.tooSoon++;
      continue;
    }
    const asOf = opened + (touch - leadHours) * HOUR;
    const then = revalued(market, position, opened, asOf);
    if (!then) continue;
    const features = computeRiskFeatures({ position: then, history: market.history, asOf, horizonHours: 24 });
    const probability = features.healthFactor <= 1 ? 1 : model.predict([features.vector], [24])[0]!;
    if (riskBand(probability) === "high") result.warned++;
  }
  const eligible = result.liquidated - result.tooSoon;
  result.share = eligible > 0 ? Math.round((result.warned / eligible) * 1000) / 1000 : 0;
  return result;
}
