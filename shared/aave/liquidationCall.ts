import { WAD } from "./constants";
import { percentDiv, percentMul } from "./wadRayMath";

/** Aave V3 LiquidationLogic: half the debt may be repaid at once, all of it once HF is below 0.95. */
export const DEFAULT_LIQUIDATION_CLOSE_FACTOR = 5_000n;
export const MAX_LIQUIDATION_CLOSE_FACTOR = 10_000n;
export const CLOSE_FACTOR_HF_THRESHOLD = (WAD * 95n) / 100n;

export interface LiquidationAsset {
  /** Oracle price of one whole token in base currency (8 decimals). */
  price: bigint;
  decimals: number;
}

export interface LiquidationCallParameters {
  /** The user's health factor (wad) when the liquidator calls. */
  healthFactor: bigint;
  /** The user's debt in the debt asset (variable + stable), token units. */
  userDebt: bigint;
  /** The user's balance of the collateral asset, token units. */
  userCollateral: bigint;
  debt: LiquidationAsset;
  collateral: LiquidationAsset & {
    /** Reserve's liquidation bonus, basis points including the 100 % (10500 = 5 % bonus). */
    liquidationBonus: bigint;
    /** Share of the bonus the protocol keeps (basis points of the bonus); 0 on the devnet. */
    liquidationProtocolFee?: bigint;
  };
  /** What the liquidator offers to repay; defaults to the most the close factor allows. */
  debtToCover?: bigint;
}

export interface LiquidationCallResult {
  closeFactor: bigint;
  /** Debt the liquidator repays for the user, token units of the debt asset. */
  debtRepaid: bigint;
  /** Collateral taken from the user (liquidator's share + protocol fee), token units of the collateral asset. */
  collateralSeized: bigint;
  /** What the liquidator receives (collateralSeized − protocol fee). */
  collateralToLiquidator: bigint;
  protocolFee: bigint;
}

/**
 * What one `Pool.liquidationCall` does to a position, by LiquidationLogic (Aave V3.0) step for step: the close
 * factor from the health factor, the debt capped by it, the collateral worth that debt plus the bonus, and when
 * the collateral does not cover that, all of it and only the debt it pays for. Returns null when HF ≥ 1 (the Pool
 * reverts with HEALTH_FACTOR_NOT_BELOW_THRESHOLD).
 */
export function liquidationCall(params: LiquidationCallParameters): LiquidationCallResult | null {
  const { healthFactor, userDebt, userCollateral, debt, collateral } = params;
  if (healthFactor >= WAD || userDebt === 0n || userCollateral === 0n) return null;
  const closeFactor =
    healthFactor > CLOSE_FACTOR_HF_THRESHOLD
      ? DEFAULT_LIQUIDATION_CLOSE_FACTOR
      : MAX_LIQUIDATION_CLOSE_FACTOR;
  const maxLiquidatable = percentMul(userDebt, closeFactor);
  const offered = params.debtToCover ?? maxLiquidatable;
  // biome-ignore lint/complexity/useMathMinMax: bigints; Math.min would throw
  const debtToCover = offered > maxLiquidatable ? maxLiquidatable : offered;

  const debtUnit = 10n ** BigInt(debt.decimals);
  const collateralUnit = 10n ** BigInt(collateral.decimals);
  const baseCollateral = (debt.price * debtToCover * collateralUnit) / (collateral.price * debtUnit);
  const maxCollateral = percentMul(baseCollateral, collateral.liquidationBonus);
  let collateralSeized: bigint;
  let debtRepaid: bigint;
  if (maxCollateral > userCollateral) {
    collateralSeized = userCollateral;
    debtRepaid = percentDiv(
      (collateral.price * collateralSeized * debtUnit) / (debt.price * collateralUnit),
      collateral.liquidationBonus,
    );
  } else {
    collateralSeized = maxCollateral;
    debtRepaid = debtToCover;
  }
  const feeBps = collateral.liquidationProtocolFee ?? 0n;
  const bonus = collateralSeized - percentDiv(collateralSeized, collateral.liquidationBonus);
  const protocolFee = feeBps === 0n ? 0n : percentMul(bonus, feeBps);
  return {
    closeFactor,
    debtRepaid,
    collateralSeized,
    collateralToLiquidator: collateralSeized - protocolFee,
    protocolFee,
  };
}
