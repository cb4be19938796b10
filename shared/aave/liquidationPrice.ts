import { PERCENTAGE_FACTOR } from "./constants";
import type { UserAccount } from "./userAccount";

/**
 * The price (market reference currency, 8 decimals, as a number) of one whole token of `asset` at which the
 * user's health factor reaches exactly 1, every other price unchanged. Solves
 *   Σ_other collateral·LT + amount·p·LT_asset = Σ_other debt + debtAmount·p
 * for p. Returns null when no price of this asset can liquidate the user: no debt, the asset is not
 * collateral, or the asset's own debt grows at least as fast as its collateral value.
 */
export function liquidationPrice(account: UserAccount, asset: string): number | null {
  const target = account.positions.find((p) => p.underlyingAsset.toLowerCase() === asset.toLowerCase());
  if (!target || account.totalDebtBase === 0n || !target.usedAsCollateral || target.supplied === 0n)
    return null;

  const bps = Number(PERCENTAGE_FACTOR);
  let otherWeightedCollateral = 0;
  let otherDebt = 0;
  for (const position of account.positions) {
    if (position === target) continue;
    if (position.usedAsCollateral) {
      otherWeightedCollateral +=
        (Number(position.suppliedBase) * Number(position.liquidationThreshold)) / bps;
    }
    otherDebt += Number(position.debtBase);
  }
  const unit = 10 ** target.decimals;
  const collateralPerPrice = ((Number(target.supplied) / unit) * Number(target.liquidationThreshold)) / bps;
  const debtPerPrice = Number(target.variableDebt + target.stableDebt) / unit;
  const slope = collateralPerPrice - debtPerPrice;
  if (slope <= 0) return null;
  const price = (otherDebt - otherWeightedCollateral) / slope;
  return price > 0 ? price : null;
}
