import { feedOf, type PriceFeed, type RiskAsset } from "./assets";

export interface RiskCollateral {
  asset: RiskAsset;
  /** USD value now. */
  usd: number;
  /** Aave liquidation threshold as a fraction (0.825, not 8250 bps). */
  liquidationThreshold: number;
}
export interface RiskDebt {
  asset: RiskAsset;
  usd: number;
}
/** A position as the risk model sees it: values in USD now, no token amounts needed. */
export interface RiskPosition {
  collateral: RiskCollateral[];
  debt: RiskDebt[];
}

/** Aave's health factor from USD values: Σ collateral·LT / Σ debt (Infinity without debt). */
export function positionHealthFactor(position: RiskPosition): number {
  const weighted = position.collateral.reduce((sum, c) => sum + c.usd * c.liquidationThreshold, 0);
  const debt = position.debt.reduce((sum, d) => sum + d.usd, 0);
  return debt > 0 ? weighted / debt : Number.POSITIVE_INFINITY;
}

/**
 * Weights of each price feed in the position's two legs: the collateral leg weights by usd·LT (what counts towards
 * HF), the debt leg by usd. Stablecoin shares are what is left over and never move.
 */
export interface LegWeights {
  collateral: Partial<Record<PriceFeed, number>>;
  debt: Partial<Record<PriceFeed, number>>;
  stableCollateralShare: number;
  stableDebtShare: number;
}

export function legWeights(position: RiskPosition): LegWeights {
  const collateralTotal = position.collateral.reduce((s, c) => s + c.usd * c.liquidationThreshold, 0);
  const debtTotal = position.debt.reduce((s, d) => s + d.usd, 0);
  const weights: LegWeights = { collateral: {}, debt: {}, stableCollateralShare: 0, stableDebtShare: 0 };
  for (const c of position.collateral) {
    const share = collateralTotal > 0 ? (c.usd * c.liquidationThreshold) / collateralTotal : 0;
    const feed = feedOf(c.asset);
    if (feed) weights.collateral[feed] = (weights.collateral[feed] ?? 0) + share;
    else weights.stableCollateralShare += share;
  }
  for (const d of position.debt) {
    const share = debtTotal > 0 ? d.usd / debtTotal : 0;
    const feed = feedOf(d.asset);
    if (feed) weights.debt[feed] = (weights.debt[feed] ?? 0) + share;
    else weights.stableDebtShare += share;
  }
  return weights;
}
