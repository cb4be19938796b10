import { PRICE_FEEDS, PRIOR_HOURLY_VOL, type PriceFeed, priorCorrelation } from "./assets";
import { gbmFirstPassage } from "./baselines";
import { legWeights, positionHealthFactor, type RiskPosition } from "./position";
import { type PriceHistory, sampleHourlyBars } from "./priceHistory";

/**
 * THE feature function: training (ml/) and inference (worker, CLIs) both call it, so what the model learned on is
 * exactly what it is fed. Pure TypeScript, no I/O: runs in Node, workerd and browsers.
 *
 * Input: oracle prices per feed (see PricePoint: rounds, or hourly rows with the hour's low/high). Training feeds it
 * an oracle simulated on exchange candles (deviation + heartbeat), the worker the feeds' own rounds, so both see
 * the same kind of series.
 *
 * Everything is built from the collateral/debt value ratio R(t) = C(t)/D(t) on an hourly grid ending at `asOf`
 * (C weighted by liquidation thresholds, so R(asOf) = HF and R(t)/R(asOf) is how HF would have moved). Each hour
 * also has a low of R (collateral at its low, debt at its high) and a high (the reverse). Only prices at or before
 * `asOf` are read (sampleHourlyBars stops there).
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
  "sigmasToLiquidationRange24h",
  "sigmasToLiquidationRange7d",
  "logRangeToCloseVol7d",
  "volOfVol30d",
  "largestDrop24h",
  "drawdown7d",
  "ratioChange24h",
  "ratioChange7d",
  "gbmLogit",
  "stableCollateralShare",
  "volatileDebtShare",
  "correlatedExposure",
  "netExposure",
  "collateralChange24h",
  "debtChange24h",
  "legCorrelation7d",
  "marketChange24h",
  "logMarketVolRatio",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Volatility windows in hours. The longest is also how far back the function looks. */
export const VOL_WINDOWS = [24, 168, 720] as const;
export const LOOKBACK_HOURS = 720;
/** Below this many hours of usable history the forecast says "limited history". */
export const LIMITED_HISTORY_HOURS = 168;
/** Parkinson's constant: E[(ln H/L)²] = 4·ln 2·σ² for a Brownian hour. */
const PARKINSON = 4 * Math.LN2;
/** Used while history is short: the median vol of vol of 2019–2023 (oracle-simulated, the training position mix). */
export const PRIOR_VOL_OF_VOL = 0.38;

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

/** A feature by name from a vector (drivers and tests read features this way, never by position). */
export function featureOf(vector: readonly number[], name: FeatureName): number {
  return vector[FEATURE_NAMES.indexOf(name)]!;
}

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const finite = (x: number) => Number.isFinite(x);

/** Hourly log returns on a grid (index 0 = newest); returns[k] is the move over the hour ending at grid k. */
function hourlyReturns(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length - 1);
  for (let k = 0; k < out.length; k++) out[k] = values[k]! - values[k + 1]!;
  return out;
}

/** Root mean square over the newest `window` entries; entries without data count at `prior`. */
function filledRms(values: Float64Array, window: number, prior: number): { vol: number; observed: number } {
  let sumSq = 0;
  let observed = 0;
  for (let k = 0; k < window && k < values.length; k++) {
    const r = values[k]!;
    if (finite(r)) {
      sumSq += r * r;
      observed++;
    }
  }
  return { vol: Math.sqrt((sumSq + (window - observed) * prior * prior) / window), observed };
}

/** Largest value over the newest `window` entries (NaN entries skipped), or NaN when none. */
function maxOver(values: Float64Array, window: number): number {
  let best = Number.NaN;
  for (let k = 0; k < window && k < values.length; k++) {
    const x = values[k]!;
    if (finite(x) && !(x <= best)) best = x;
  }
  return best;
}

/** Standard deviation of ln(daily realised vol) over the last 30 days; the prior when fewer than 5 days have data. */
function volOfVol(returns: Float64Array): number {
  const logVols: number[] = [];
  for (let day = 0; day < 30; day++) {
    let sumSq = 0;
    let n = 0;
    for (let k = day * 24; k < day * 24 + 24 && k < returns.length; k++) {
      const r = returns[k]!;
      if (finite(r)) {
        sumSq += r * r;
        n++;
      }
    }
    if (n >= 12 && sumSq > 0) logVols.push(0.5 * Math.log(sumSq / n));
  }
  if (logVols.length < 5) return PRIOR_VOL_OF_VOL;
  const mean = logVols.reduce((s, x) => s + x, 0) / logVols.length;
  return Math.sqrt(logVols.reduce((s, x) => s + (x - mean) ** 2, 0) / (logVols.length - 1));
}

/** Pearson correlation of two return series over the newest `window` hours where both exist; 0 if degenerate. */
function correlation(a: Float64Array, b: Float64Array, window: number): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let k = 0; k < window && k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (!finite(x) || !finite(y)) continue;
    n++;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  if (n < 24) return 0;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  if (!(va > 1e-18) || !(vb > 1e-18)) return 0;
  return clip((sab - (sa * sb) / n) / Math.sqrt(va * vb), -1, 1);
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

  // Each leg relative to its value at asOf: close, and the hour's worst/best for the position (C low, D high).
  const n = LOOKBACK_HOURS + 1;
  const leg = (stable: number) => new Float64Array(n).fill(stable);
  const cClose = leg(weights.stableCollateralShare);
  const cLow = leg(weights.stableCollateralShare);
  const cHigh = leg(weights.stableCollateralShare);
  const dClose = leg(weights.stableDebtShare);
  const dLow = leg(weights.stableDebtShare);
  const dHigh = leg(weights.stableDebtShare);
  const feedVol7d: Partial<Record<PriceFeed, number>> = {};
  let currentPricesKnown = true;
  for (const feed of feeds) {
    const bars = sampleHourlyBars(history[feed] ?? [], asOf, LOOKBACK_HOURS);
    const now = bars.close[0]!;
    if (!finite(now)) currentPricesKnown = false;
    feedVol7d[feed] = filledRms(hourlyReturns(bars.close.map(Math.log)), 168, PRIOR_HOURLY_VOL[feed]).vol;
    const wc = weights.collateral[feed] ?? 0;
    const wd = weights.debt[feed] ?? 0;
    for (let k = 0; k < n; k++) {
      const close = bars.close[k]! / now;
      const low = bars.low[k]! / now;
      const high = bars.high[k]! / now;
      cClose[k] = cClose[k]! + wc * close;
      cLow[k] = cLow[k]! + wc * low;
      cHigh[k] = cHigh[k]! + wc * high;
      dClose[k] = dClose[k]! + wd * close;
      dLow[k] = dLow[k]! + wd * low;
      dHigh[k] = dHigh[k]! + wd * high;
    }
  }
  const logRatio = new Float64Array(n);
  const logCollateral = new Float64Array(n);
  const logDebt = new Float64Array(n);
  const range = new Float64Array(LOOKBACK_HOURS); // ln(R high / R low) of hour k
  const drop = new Float64Array(LOOKBACK_HOURS); // fall from the hour's open to its low, ≥ 0
  for (let k = 0; k < n; k++) {
    logRatio[k] = currentPricesKnown ? Math.log(cClose[k]!) - Math.log(dClose[k]!) : Number.NaN;
    logCollateral[k] = currentPricesKnown ? Math.log(cClose[k]!) : Number.NaN;
    logDebt[k] = currentPricesKnown ? Math.log(dClose[k]!) : Number.NaN;
  }
  for (let k = 0; k < LOOKBACK_HOURS; k++) {
    const lowR = Math.log(cLow[k]!) - Math.log(dHigh[k]!);
    const highR = Math.log(cHigh[k]!) - Math.log(dLow[k]!);
    const open = logRatio[k + 1]!;
    range[k] = currentPricesKnown && finite(open) ? highR - lowR : Number.NaN;
    drop[k] = currentPricesKnown && finite(open) ? Math.max(0, open - lowR) : Number.NaN;
  }
  const returns = hourlyReturns(logRatio);
  const v24 = filledRms(returns, 24, priorRatioVol);
  const v168 = filledRms(returns, 168, priorRatioVol);
  const v720 = filledRms(returns, 720, priorRatioVol);
  const historyHours = v720.observed;
  // Parkinson: σ² = mean (ln H/L)² / (4 ln 2); missing hours at the prior (so the scaled prior is √(4 ln 2)·σ).
  const priorRange = priorRatioVol * Math.sqrt(PARKINSON);
  const p24 = filledRms(range, 24, priorRange).vol / Math.sqrt(PARKINSON);
  const p168 = filledRms(range, 168, priorRange).vol / Math.sqrt(PARKINSON);

  let peak = 0;
  for (let k = 0; k <= 168; k++) if (finite(logRatio[k]!)) peak = Math.max(peak, logRatio[k]!);
  const changeOver = (series: Float64Array, hours: number) => (finite(series[hours]!) ? -series[hours]! : 0);

  const logHf = Math.log(healthFactor);
  const sqrtH = Math.sqrt(horizonHours);
  const sigmas = (vol: number) => clip(logHf / Math.max(vol * sqrtH, 1e-6), -5, 15);
  const logVol = (vol: number) => Math.log(Math.max(vol * sqrtH, 1e-4));
  const gbmProbability = gbmFirstPassage(healthFactor, v168.vol, horizonHours);
  const p = clip(gbmProbability, 1e-6, 1 - 1e-6);

  const worstHour24h = maxOver(drop, 24);
  const largestDrop24h = finite(worstHour24h) ? worstHour24h : 0;

  let correlated = 0;
  let net = 0;
  for (const f of feeds) {
    correlated += Math.min(weights.collateral[f] ?? 0, weights.debt[f] ?? 0);
    net += Math.abs(exposure(f));
  }
  // ETH and stETH move together: ETH debt against stETH collateral (and the reverse) is a correlated position too.
  correlated += Math.min(weights.collateral.ETH ?? 0, weights.debt.STETH ?? 0);
  correlated += Math.min(weights.collateral.STETH ?? 0, weights.debt.ETH ?? 0);

  // The market: ETH's own moves, whatever the position holds (a market-wide fall reaches every asset).
  const eth = sampleHourlyBars(history.ETH ?? [], asOf, LOOKBACK_HOURS).close.map(Math.log);
  const ethReturns = hourlyReturns(eth);
  const marketChange24h = finite(eth[0]!) && finite(eth[24]!) ? eth[0]! - eth[24]! : 0;
  const marketVolRatio =
    filledRms(ethReturns, 24, PRIOR_HOURLY_VOL.ETH).vol /
    filledRms(ethReturns, 720, PRIOR_HOURLY_VOL.ETH).vol;

  const values: Record<FeatureName, number> = {
    logHealthFactor: clip(logHf, -1, 3),
    logHorizonDays: Math.log(horizonHours / 24),
    sigmasToLiquidation24h: sigmas(v24.vol),
    sigmasToLiquidation7d: sigmas(v168.vol),
    sigmasToLiquidation30d: sigmas(v720.vol),
    logHorizonVol24h: logVol(v24.vol),
    logHorizonVol7d: logVol(v168.vol),
    logHorizonVol30d: logVol(v720.vol),
    logVolRatio24hTo30d: clip(Math.log(Math.max(v24.vol, 1e-6) / Math.max(v720.vol, 1e-6)), -3, 3),
    sigmasToLiquidationRange24h: sigmas(p24),
    sigmasToLiquidationRange7d: sigmas(p168),
    logRangeToCloseVol7d: clip(Math.log(Math.max(p168, 1e-6) / Math.max(v168.vol, 1e-6)), -3, 3),
    volOfVol30d: clip(volOfVol(returns), 0, 3),
    largestDrop24h: clip(largestDrop24h, 0, 1),
    drawdown7d: clip(-peak, -1, 0),
    ratioChange24h: clip(changeOver(logRatio, 24), -1, 1),
    ratioChange7d: clip(changeOver(logRatio, 168), -1, 1),
    gbmLogit: Math.log(p / (1 - p)),
    stableCollateralShare: weights.stableCollateralShare,
    volatileDebtShare: 1 - weights.stableDebtShare,
    correlatedExposure: correlated,
    netExposure: net,
    collateralChange24h: clip(changeOver(logCollateral, 24), -1, 1),
    debtChange24h: clip(changeOver(logDebt, 24), -1, 1),
    legCorrelation7d: correlation(hourlyReturns(logCollateral), hourlyReturns(logDebt), 168),
    marketChange24h: clip(marketChange24h, -1, 1),
    logMarketVolRatio: clip(Math.log(marketVolRatio), -3, 3),
  };
  return {
    vector: FEATURE_NAMES.map((name) => values[name]),
    healthFactor,
    ratioVol: { h24: v24.vol, h168: v168.vol, h720: v720.vol },
    priorRatioVol,
    feedVol7d,
    historyHours,
    limitedHistory: historyHours < LIMITED_HISTORY_HOURS,
    ratioChange24h: changeOver(logRatio, 24),
    gbmProbability,
  };
}
