import type { Address } from "viem";
import type { AaveReserveData } from "./types";

/** What Aave applies to one reserve for one user: its e-mode category's terms when the user is in it. */
export interface UserReserveTerms {
  inEMode: boolean;
  /** Price of one whole token in base currency (8 decimals): the category's price source when it has one. */
  price: bigint;
  /** Basis points. */
  ltv: bigint;
  liquidationThreshold: bigint;
  liquidationBonus: bigint;
}

type EModeReserve = Pick<
  AaveReserveData,
  | "eModeCategoryId"
  | "eModeLtv"
  | "eModeLiquidationThreshold"
  | "eModeLiquidationBonus"
  | "eModePriceSource"
  | "priceInMarketReferenceCurrency"
  | "baseLTVasCollateral"
  | "reserveLiquidationThreshold"
  | "reserveLiquidationBonus"
>;

/**
 * The one place Vigil decides between a reserve's own terms and its e-mode category's, as Aave V3.0 does in
 * GenericLogic / ValidationLogic: a user in category c gets c's LTV, threshold, bonus (and price source, when
 * the category has one and it answers) on every reserve of category c, and the reserve's own terms elsewhere.
 * Every amount planned against a health factor target reads these, so an e-mode user's withdraw does not land
 * below the target by being planned at the lower base threshold.
 */
export function reserveTermsFor(
  reserve: EModeReserve,
  userEModeCategoryId: number,
  eModePrices?: ReadonlyMap<Address, bigint>,
): UserReserveTerms {
  const inEMode = userEModeCategoryId !== 0 && reserve.eModeCategoryId === userEModeCategoryId;
  if (!inEMode)
    return {
      inEMode,
      price: reserve.priceInMarketReferenceCurrency,
      ltv: reserve.baseLTVasCollateral,
      liquidationThreshold: reserve.reserveLiquidationThreshold,
      liquidationBonus: reserve.reserveLiquidationBonus,
    };
  const eModePrice = eModePrices?.get(reserve.eModePriceSource);
  return {
    inEMode,
    price: eModePrice && eModePrice !== 0n ? eModePrice : reserve.priceInMarketReferenceCurrency,
    ltv: BigInt(reserve.eModeLtv),
    liquidationThreshold: BigInt(reserve.eModeLiquidationThreshold),
    liquidationBonus: BigInt(reserve.eModeLiquidationBonus),
  };
}
