import { PRIOR_HOURLY_VOL, type PriceFeed } from "./assets";
import { featureOf, type RiskFeatures } from "./features";

const FEED_LABEL: Record<PriceFeed, string> = { ETH: "ETH", STETH: "stETH", BTC: "BTC", LINK: "LINK" };

function formatTimes(x: number): string {
  return x >= 10 ? `${Math.round(x)}×` : `${x.toFixed(1).replace(/\.0$/, "")}×`;
}

/**
 * The main reasons behind a forecast, in words, most important first. Built from the same features the model
 * sees, so they explain what it was given (not the network's internals).
 */
export function riskDrivers(features: RiskFeatures, horizonHours: number): string[] {
  const drivers: string[] = [];
  const hf = features.healthFactor;
  const hfText = Number.isFinite(hf) ? hf.toFixed(2) : "∞";
  if (!(hf > 1)) drivers.push(`HF ${hfText} is below 1: the position can be liquidated now`);
  else if (hf < 1.25) drivers.push(`HF ${hfText} is close to 1`);
  else if (hf >= 2) drivers.push(`HF ${hfText} leaves a wide margin`);
  else drivers.push(`HF ${hfText}`);

  if (hf > 1 && Number.isFinite(hf) && features.ratioVol.h168 > 0) {
    const drop = (1 - 1 / hf) * 100;
    const sigmas = Math.log(hf) / (features.ratioVol.h168 * Math.sqrt(horizonHours));
    const span = horizonHours === 24 ? "a day" : horizonHours === 168 ? "a week" : `${horizonHours} h`;
    drivers.push(
      `a ${drop.toFixed(drop < 10 ? 1 : 0)}% fall in collateral against debt liquidates it (${sigmas.toFixed(1)}σ of ${span}'s moves)`,
    );
  }

  const ratios = (Object.entries(features.feedVol7d) as [PriceFeed, number][])
    .map(([feed, vol]) => ({ feed, ratio: vol / PRIOR_HOURLY_VOL[feed] }))
    .sort((a, b) => Math.abs(Math.log(b.ratio)) - Math.abs(Math.log(a.ratio)));
  for (const { feed, ratio } of ratios.slice(0, 2)) {
    if (ratio >= 1.4) drivers.push(`${FEED_LABEL[feed]} 7-day volatility is ${formatTimes(ratio)} its usual`);
    else if (ratio <= 0.6)
      drivers.push(`${FEED_LABEL[feed]} 7-day volatility is ${formatTimes(ratio)} its usual (calm)`);
  }

  if (features.ratioChange24h <= -0.03) {
    drivers.push(
      `collateral lost ${(-features.ratioChange24h * 100).toFixed(1)}% against debt in the last 24 h`,
    );
  }
  const stableCollateral = featureOf(features.vector, "stableCollateralShare");
  const volatileDebt = featureOf(features.vector, "volatileDebtShare");
  const correlated = featureOf(features.vector, "correlatedExposure");
  if (correlated >= 0.5) drivers.push("debt moves with the collateral (correlated assets)");
  else if (stableCollateral >= 0.5) drivers.push("most collateral is stablecoins");
  else if (volatileDebt === 0 && ratios.length > 0) drivers.push("debt is in stablecoins");
  if (features.limitedHistory) {
    drivers.push(
      `limited history (${features.historyHours} h of prices): typical volatility assumed for the missing hours`,
    );
  }
  return drivers;
}
