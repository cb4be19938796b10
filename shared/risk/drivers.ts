import { PRIOR_HOURLY_VOL, type PriceFeed } from "./assets";
import { featureOf, type RiskFeatures } from "./features";

const FEED_LABEL: Record<PriceFeed, string> = { ETH: "ETH", STETH: "stETH", BTC: "BTC", LINK: "LINK" };

function formatTimes(x: number): string {
  return x >= 10 ? `${Math.round(x)}×` : `${x.toFixed(1).replace(/\.0$/, "")}×`;
}

/**
 * The main reasons behind a forecast, in a borrower's words, most important first. Built from the same features
 * the model sees, so they explain what it was given (not the network's internals). No "HF 1.30" (the number is
 * shown beside them), no σ; how far prices must fall is said with the asset and price by shared/words/riskWords.ts.
 */
export function riskDrivers(features: RiskFeatures, _horizonHours: number): string[] {
  const drivers: string[] = [];
  const hf = features.healthFactor;
  if (!(hf > 1)) drivers.push("the position can be liquidated now");
  else if (hf < 1.25) drivers.push("the health factor is close to 1");
  else if (hf >= 2) drivers.push("the health factor leaves a wide margin");

  const ratios = (Object.entries(features.feedVol7d) as [PriceFeed, number][])
    .map(([feed, vol]) => ({ feed, ratio: vol / PRIOR_HOURLY_VOL[feed] }))
    .sort((a, b) => Math.abs(Math.log(b.ratio)) - Math.abs(Math.log(a.ratio)));
  for (const { feed, ratio } of ratios.slice(0, 2)) {
    if (ratio >= 1.4)
      drivers.push(`${FEED_LABEL[feed]} has moved ${formatTimes(ratio)} as much as usual this week`);
    else if (ratio <= 0.6) drivers.push(`${FEED_LABEL[feed]} has been calmer than usual this week`);
  }

  if (features.ratioChange24h <= -0.03) {
    drivers.push(
      `the collateral lost ${(-features.ratioChange24h * 100).toFixed(1)} % against the debt in the last 24 hours`,
    );
  }
  const stableCollateral = featureOf(features.vector, "stableCollateralShare");
  const volatileDebt = featureOf(features.vector, "volatileDebtShare");
  const correlated = featureOf(features.vector, "correlatedExposure");
  if (correlated >= 0.5) drivers.push("the debt moves with the collateral (correlated assets)");
  else if (stableCollateral >= 0.5) drivers.push("most collateral is stablecoins");
  else if (volatileDebt === 0 && ratios.length > 0) drivers.push("the debt is in stablecoins");
  if (features.limitedHistory) {
    drivers.push(
      features.historyHours === 0
        ? "no recent prices yet: typical volatility assumed"
        : `only ${features.historyHours} hours of recent prices: typical volatility assumed for the rest`,
    );
  }
  return drivers;
}
