import type { ContractFunctionReturnType } from "viem";
import type { uiPoolDataProviderV3Abi } from "../abis/uiPoolDataProviderV3";

type ReservesDataReturn = ContractFunctionReturnType<
  typeof uiPoolDataProviderV3Abi,
  "view",
  "getReservesData"
>;
type UserReservesDataReturn = ContractFunctionReturnType<
  typeof uiPoolDataProviderV3Abi,
  "view",
  "getUserReservesData"
>;

/** One reserve as UiPoolDataProviderV3.getReservesData returns it (decoded by viem). */
export type AaveReserveData = ReservesDataReturn[0][number];
/** The market's reference currency (USD with 8 decimals on every Aave V3 market Vigil reads). */
export type AaveBaseCurrencyInfo = ReservesDataReturn[1];
/** One reserve of one user as UiPoolDataProviderV3.getUserReservesData returns it. */
export type AaveUserReserveData = UserReservesDataReturn[0][number];
