import { PRICE_FEEDS, PRIOR_HOURLY_VOL, type PriceFeed, priorCorrelation } from "./assets";
import { gbmFirstPassage } from "./baselines";
import { legWeights, positionHealthFactor, type RiskPosition } from "./position";
import { type PriceHistory, sampleHourlyGrid } from "./priceHistory";

/**
 * THE feature function: training (ml/) and inference (worker, CLIs) both call it, so what the model learned on is
 * exactly what it is fed. Pure TypeScript, no I/O: runs in Node, workerd and browsers.
 *
 * Everything is built from the collateral/debt value ratio R(t) = C(t)/D(t) on an hourly grid ending at `asOf`
 * (C weighted by liquidation thresholds, so R(asOf) = HF and R(t)/R(asOf) is how HF would have moved). Only prices
 * at or before `asOf` are read (sampleHourlyGrid stops there).
 */
export const FEATURE_NAMES = [
  "logHealthFactor",
  "logHorizonDays",
  "sigmasToLiquidation24h",
  "sigmasToLiquidation7d",
  "sigmasToLiquidation30d",
  "logHorizonVol24h",
  "logHorizonVol7d",
  "logHorizonVol30d",
  "logVolRatio24hTo30d",
  "drawdown7d",
  "ratioChange24h",
  "ratioChange7d",
  "gbmLogit",
  "stableCollateralShare",
  "volatileDebtShare",
  "correlatedExposure",
  "netExposure",
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Volatility windows in hours. The longest is also how far back the function looks. */
export const VOL_WINDOWS = [24, 168, 720] as const;
export const LOOKBACK_HOURS = 720;
/** Below this many hours of usable history the forecast says "limited history". */
export const LIMITED_HISTORY_HOURS = 168;

export interface RiskFeatureInput {
  position: RiskPosition;
  history: PriceHistory;
  /** Unix seconds: the forecast is made as of this instant. */
  asOf: number;
  horizonHours: number;
}

export interface RiskFeatures {
  /** Model input, in FEATURE_NAMES order. */
  vector: number[];
  healthFactor: number;
  /** Hourly volatility of ln R over the last 24 h, 7 d, 30 d (missing hours filled with the prior). */
  ratioVol: { h24: number; h168: number; h720: number };
  /** The usual (prior) hourly volatility of ln R for this composition. */
  priorRatioVol: number;
  /** Per-feed hourly volatility over the last 7 days, for the feeds the position is exposed to. */
  feedVol7d: Partial<Record<PriceFeed, number>>;
  /** Hours of usable ratio returns within the 30-day lookback. */
  historyHours: number;
  limitedHistory: boolean;
  ratioChange24h: number;
  gbmProbability: number;
}

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Hourly log returns on a grid (index 0 = newest); returns[k] is the move over the hour ending at grid k. */
function hourlyReturns(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length - 1);
  for (let k = 0; k < out.length; k++) out[k] = values[k]! - values[k + 1]!;
  return out;
}

/** Volatility over the newest `window` returns; hours without data count at the prior volatility. */
function filledVol(returns: Float64Array, window: number, prior: number): { vol: number; observed: number } {
  let sumSq = 0;
  let observed = 0;
  for (let k = 0; k < window && k < returns.length; k++) {
    const r = returns[k]!;
    if (Number.isFinite(r)) {
      sumSq += r * r;
      observed++;
    }
  }
  return { vol: Math.sqrt((sumSq + (window - observed) * prior * prior) / window), observed };
}

export function computeRiskFeatures(input: RiskFeatureInput): RiskFeatures {
  const { position, history, asOf, horizonHours } = input;
  const healthFactor = positionHealthFactor(position);
  const weights = legWeights(position);
  const feeds = PRICE_FEEDS.filter((f) => (weights.collateral[f] ?? 0) > 0 || (weights.debt[f] ?? 0) > 0);

  // Net exposure of ln R to each feed's return (collateral share minus debt share) gives the prior ratio vol.
  const exposure = (f: PriceFeed) => (weights.collateral[f] ?? 0) - (weights.debt[f] ?? 0);
  let priorVariance = 0;
  for (const f of feeds)
    for (const g of feeds)
      priorVariance +=
        exposure(f) * exposure(g) * PRIOR_HOURLY_VOL[f] * PRIOR_HOURLY_VOL[g] * priorCorrelation(f, g);
  const priorRatioVol = Math.sqrt(Math.max(priorVariance, 0));

  // Each feed relative to its price at asOf, then ln R = ln C − ln D on the grid (NaN where any feed is missing).
  const logRatio = new Float64Array(LOOKBACK_HOURS + 1);
  const collateralLeg = new Float64Array(LOOKBACK_HOURS + 1).fill(weights.stableCollateralShare);
  const debtLeg = new Float64Array(LOOKBACK_HOURS + 1).fill(weights.stableDebtShare);
  const feedVol7d: Partial<Record<PriceFeed, number>> = {};
  let currentPricesKnown = true;
  for (const feed of feeds) {
    const grid = sampleHourlyGrid(history[feed] ?? [], asOf, LOOKBACK_HOURS);
    const now = grid[0]!;
    if (!Number.isFinite(now)) currentPricesKnown = false;
    const logGrid = grid.map((p) => Math.log(p));
    feedVol7d[feed] = filledVol(hourlyReturns(logGrid), 168, PRIOR_HOURLY_VOL[feed]).vol;
    for (let k = 0; k <= LOOKBACK_HOURS; k++) {
      const relative = grid[k]! / now;
      collateralLeg[k] = collateralLeg[k]! + (weights.collateral[feed] ?? 0) * relative;
      debtLeg[k] = debtLeg[k]! + (weights.debt[feed] ?? 0) * relative;
    }
  }
  for (let k = 0; k <= LOOKBACK_HOURS; k++) {
    logRatio[k] = currentPricesKnown ? Math.log(collateralLeg[k]!) - Math.log(debtLeg[k]!) : Number.NaN;
  }
  const returns = hourlyReturns(logRatio);
  const v24 = filledVol(returns, 24, priorRatioVol);
  const v168 = filledVol(returns, 168, priorRatioVol);
  const v720 = filledVol(returns, 720, priorRatioVol);
  const historyHours = v720.observed;

  let peak = 0;
  for (let k = 0; k <= 168; k++) if (Number.isFinite(logRatio[k]!)) peak = Math.max(peak, logRatio[k]!);
  const changeOver = (hours: number) => (Number.isFinite(logRatio[hours]!) ? -logRatio[hours]! : 0);

  const logHf = Math.log(healthFactor);
  const sqrtH = Math.sqrt(horizonHours);
  const sigmas = (vol: number) => clip(logHf / Math.max(vol * sqrtH, 1e-6), -5, 15);
  const logVol = (vol: number) => Math.log(Math.max(vol * sqrtH, 1e-4));
  const gbmProbability = gbmFirstPassage(healthFactor, v168.vol, horizonHours);
  const p = clip(gbmProbability, 1e-6, 1 - 1e-6);

  let correlated = 0;
  let net = 0;
  for (const f of feeds) {
    correlated += Math.min(weights.collateral[f] ?? 0, weights.debt[f] ?? 0);
    net += Math.abs(exposure(f));
  }
  // ETH and stETH move together: ETH debt against stETH collateral (and the reverse) is a correlated position too.
  correlated += Math.min(weights.collateral.ETH ?? 0, weights.debt.STETH ?? 0);
  correlated += Math.min(weights.collateral.STETH ?? 0, weights.debt.ETH ?? 0);

  const vector = [
    clip(logHf, -1, 3),
    Math.log(horizonHours / 24),
    sigmas(v24.vol),
    sigmas(v168.vol),
    sigmas(v720.vol),
    logVol(v24.vol),
    logVol(v168.vol),
    logVol(v720.vol),
    clip(Math.log(Math.max(v24.vol, 1e-6) / Math.max(v720.vol, 1e-6)), -3, 3),
    clip(-peak, -1, 0),
    clip(changeOver(24), -1, 1),
    clip(changeOver(168), -1, 1),
    Math.log(p / (1 - p)),
    weights.stableCollateralShare,
    1 - weights.stableDebtShare,
    correlated,
    net,
  ];
  return {
    vector,
    healthFactor,
    ratioVol: { h24: v24.vol, h168: v168.vol, h720: v720.vol },
    priorRatioVol,
    feedVol7d,
    historyHours,
    limitedHistory: historyHours < LIMITED_HISTORY_HOURS,
    ratioChange24h: changeOver(24),
    gbmProbability,
  };
}
