export { rateToApy, rateToApyRay, rayToNumber } from "./apy";
export { baseToUsd, tokenAmountToNumber, USD_PRICE_DECIMALS } from "./baseCurrency";
export * from "./constants";
export { healthFactorToNumber } from "./healthFactor";
export { getNormalizedDebt, getNormalizedIncome } from "./interest";
export { liquidationPrice } from "./liquidationPrice";
export { healthFactorAfterPriceMoves, type StressableAccount } from "./priceStress";
export { reserveTermsFor, type UserReserveTerms } from "./reserveTerms";
export type { AaveBaseCurrencyInfo, AaveReserveData, AaveUserReserveData } from "./types";
export {
  bpsToFraction,
  computeUserAccount,
  UnlistedReserveError,
  type UserAccount,
  type UserReservePosition,
} from "./userAccount";
