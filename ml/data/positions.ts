import type { PriceFeed, RiskAsset } from "../../shared/risk/assets";
import { feedOf } from "../../shared/risk/assets";
import type { RiskPosition } from "../../shared/risk/position";
import { pick, pickWeighted, type Rng } from "./rng";

/** Liquidation thresholds close to Aave V3 Ethereum's (2023) for the assets we simulate. */
export const TYPICAL_LIQUIDATION_THRESHOLD: Record<RiskAsset, number> = {
  ETH: 0.83,
  WETH: 0.83,
  stETH: 0.81,
  wstETH: 0.81,
  LINK: 0.68,
  BTC: 0.78,
  WBTC: 0.78,
  USDC: 0.78,
  DAI: 0.77,
  USDT: 0.78,
};

const COLLATERAL_CHOICES: readonly (readonly [RiskAsset, number])[] = [
  ["WETH", 30],
  ["ETH", 5],
  ["wstETH", 20],
  ["WBTC", 15],
  ["LINK", 12],
  ["USDC", 10],
  ["DAI", 4],
  ["USDT", 4],
];
const DEBT_CHOICES: readonly (readonly [RiskAsset, number])[] = [
  ["USDC", 35],
  ["USDT", 20],
  ["DAI", 15],
  ["WETH", 18],
  ["WBTC", 6],
  ["LINK", 6],
];

/** Health factors mostly between 1.0 and 2.5, crowded towards 1 where the question matters. */
function sampleHealthFactor(rng: Rng): number {
  const u = rng();
  if (u < 0.3) return 1.0 + 0.3 * rng();
  if (u < 0.85) return 1.0 + 1.5 * rng() ** 1.5;
  return 2.5 + 1.5 * rng();
}

function splitUsd(rng: Rng, total: number, parts: number): number[] {
  const raw = Array.from({ length: parts }, () => 0.2 + rng());
  const sum = raw.reduce((s, x) => s + x, 0);
  return raw.map((x) => (total * x) / sum);
}

/**
 * A random Aave-like position over the feeds that have prices (stablecoins always do). The debt is sized so the
 * position starts at the sampled health factor.
 */
export function samplePosition(rng: Rng, available: ReadonlySet<PriceFeed>): RiskPosition {
  const usable = (choices: readonly (readonly [RiskAsset, number])[]) =>
    choices.filter(([asset]) => {
      const feed = feedOf(asset);
      return feed === null || available.has(feed);
    });
  const collateralChoices = usable(COLLATERAL_CHOICES);
  const nCollateral = rng() < 0.3 ? 2 : 1;
  const collateralAssets = new Set<RiskAsset>();
  while (collateralAssets.size < nCollateral) collateralAssets.add(pickWeighted(rng, collateralChoices));
  // No borrowing of an asset that is also collateral (Aave allows it, users rarely do it).
  const collateralFeeds = new Set([...collateralAssets].map(feedOf));
  const debtChoices = usable(DEBT_CHOICES).filter(([asset]) => {
    const feed = feedOf(asset);
    return feed === null || !collateralFeeds.has(feed);
  });
  const nDebt = rng() < 0.2 ? 2 : 1;
  const debtAssets = new Set<RiskAsset>();
  while (debtAssets.size < Math.min(nDebt, debtChoices.length))
    debtAssets.add(pickWeighted(rng, debtChoices));

  const collateralUsd = 10 ** (3 + 3 * rng());
  const collateral = [...collateralAssets].map((asset, i, all) => ({
    asset,
    usd: splitUsd(rng, collateralUsd, all.length)[i]!,
    liquidationThreshold: TYPICAL_LIQUIDATION_THRESHOLD[asset],
  }));
  const weighted = collateral.reduce((s, c) => s + c.usd * c.liquidationThreshold, 0);
  const debtUsd = weighted / sampleHealthFactor(rng);
  const debtSplit = splitUsd(rng, debtUsd, debtAssets.size);
  const debt = [...debtAssets].map((asset, i) => ({ asset, usd: debtSplit[i]! }));
  return { collateral, debt };
}

export { pick };
