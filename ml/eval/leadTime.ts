import { feedOf } from "../../shared/risk/assets";
import { riskBand } from "../../shared/risk/bands";
import { computeRiskFeatures, type RiskFeatures } from "../../shared/risk/features";
import type { LoadedRiskModel } from "../../shared/risk/model";
import type { RiskPosition } from "../../shared/risk/position";
import { lastIndexAtOrBefore } from "../../shared/risk/priceHistory";
import { LIQUIDATION_HEALTH_FACTOR } from "../../shared/words/healthFactorText";
import { decideAlert, type OpenAlert } from "../../worker/user/capabilities/alerts/escalation";
import { feedsUsableAt, firstLiquidationHour, type TimeRange } from "../data/examples";
import type { MarketData } from "../data/market";
import { samplePosition } from "../data/positions";
import { createRng } from "../data/rng";

const HOUR = 3600;

/** A 24 h forecast from the features: the shipped model, or a baseline to compare its warnings with. */
export type Forecaster = (features: RiskFeatures) => number;

export const modelForecaster =
  (model: LoadedRiskModel): Forecaster =>
  (features) =>
    model.predict([features.vector], [24])[0]!;

/** GBM first passage on the past week's volatility (the features' own baseline). */
export const gbmForecaster: Forecaster = (features) => features.gbmProbability;

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
  /**
   * Liquidated ones whose risk alert was open `leadHours` before the first touch: raised by a "high" forecast at
   * some hour since the opening and not cleared since, as the product's monitoring does (decideAlert, with its
   * hysteresis), on hourly readings and with no health-factor threshold of the user's own.
   */
  alerted: number;
  /** alerted / (liquidated − tooSoon). */
  alertedShare: number;
  /**
   * Liquidated ones whose risk alert was first raised `leadHours` or more before the first touch, open or cleared
   * since: the user had a warning at least that far ahead (the same replay as `alerted`).
   */
  raisedEarly: number;
  /** raisedEarly / (liquidated − tooSoon). */
  raisedEarlyShare: number;
  /** Of raisedEarly, those raised at the opening itself: positions already "high" when they were opened. */
  raisedAtOpening: number;
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

/** The 24 h forecast of the untouched position at `asOf`, from the oracle history up to then; null when unpriced. */
function readingAt(
  market: MarketData,
  forecast: Forecaster,
  position: RiskPosition,
  opened: number,
  asOf: number,
): { healthFactor: number; probability: number } | null {
  const then = revalued(market, position, opened, asOf);
  if (!then) return null;
  const features = computeRiskFeatures({ position: then, history: market.history, asOf, horizonHours: 24 });
  const probability = features.healthFactor <= 1 ? 1 : forecast(features);
  return { healthFactor: features.healthFactor, probability };
}

/** The monitoring's risk alert replayed from `opened` to `until`: whether it stood open then, and when it was first raised. */
export interface AlertReplay {
  open: boolean;
  /** Unix seconds of the first raise, or null when it was never raised. */
  firstRaisedAt: number | null;
}

/**
 * The product's risk alert on hourly readings from `opened` to `until`, through the monitoring's own state machine.
 * The threshold is the liquidation line itself, so only the forecast (not a user's HF threshold) can raise it
 * before the touch.
 */
export function replayAlert(
  market: MarketData,
  forecast: Forecaster,
  position: RiskPosition,
  opened: number,
  until: number,
): AlertReplay {
  let open: OpenAlert | null = null;
  let firstRaisedAt: number | null = null;
  for (let asOf = opened; asOf <= until; asOf += HOUR) {
    const reading = readingAt(market, forecast, position, opened, asOf);
    if (!reading) continue;
    const decision = decideAlert(
      open,
      {
        healthFactor: reading.healthFactor,
        probability: reading.probability,
        band: riskBand(reading.probability),
      },
      LIQUIDATION_HEALTH_FACTOR,
    );
    if (decision.kind === "raise") {
      open = { reason: decision.reason, raisedAt: asOf, chainId: null, severity: decision.severity };
      firstRaisedAt ??= asOf;
    } else if (decision.kind === "clear") open = null;
  }
  return { open: open !== null, firstRaisedAt };
}

/** Whether the product's risk alert stood open at `until` (see replayAlert). */
export function alertOpenAt(
  market: MarketData,
  forecast: Forecaster,
  position: RiskPosition,
  opened: number,
  until: number,
): boolean {
  return replayAlert(market, forecast, position, opened, until).open;
}

/**
 * Did the model warn in time? Random positions (the training mix) are opened at random hours of a crash window
 * and left untouched; for each one liquidated before the window ends (exchange lows/highs, as the labels), the
 * 24 h forecast made `leadHours` before the first touch — from the oracle history up to then, with the position
 * revalued at that hour's oracle prices — is checked for the "high" band (`warned`), and the risk alert the
 * monitoring would have raised on the hourly forecasts since the opening for being open then (`alerted`) and for
 * having been raised by then at all (`raisedEarly`: the warning came at least `leadHours` ahead). Deterministic
 * for a seed.
 */
export function liquidationLeadTimes(options: {
  market: MarketData;
  forecast: Forecaster;
  window: TimeRange;
  count: number;
  seed: number;
  leadHours?: number;
  /** Replay the alert state hourly (the costly part: one forecast per hour per position); default true. */
  alerts?: boolean;
}): LeadTimeResult {
  const { market, forecast, window, count } = options;
  const leadHours = options.leadHours ?? 6;
  const rng = createRng(options.seed);
  const result: LeadTimeResult = {
    positions: 0,
    liquidated: 0,
    tooSoon: 0,
    warned: 0,
    share: 0,
    alerted: 0,
    alertedShare: 0,
    raisedEarly: 0,
    raisedEarlyShare: 0,
    raisedAtOpening: 0,
  };
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
    const reading = readingAt(market, forecast, position, opened, asOf);
    if (!reading) continue;
    if (riskBand(reading.probability) === "high") result.warned++;
    if (options.alerts === false) continue;
    const alert = replayAlert(market, forecast, position, opened, asOf);
    if (alert.open) result.alerted++;
    if (alert.firstRaisedAt !== null) {
      result.raisedEarly++;
      if (alert.firstRaisedAt === opened) result.raisedAtOpening++;
    }
  }
  const eligible = result.liquidated - result.tooSoon;
  const shareOf = (n: number) => (eligible > 0 ? Math.round((n / eligible) * 1000) / 1000 : 0);
  result.share = shareOf(result.warned);
  result.alertedShare = shareOf(result.alerted);
  result.raisedEarlyShare = shareOf(result.raisedEarly);
  return result;
}
