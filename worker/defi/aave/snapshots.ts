import type { AaveBaseCurrencyInfo, AaveReserveData, AaveUserReserveData } from "../../../shared/aave";

/** The block a batch of reads was taken at (both numbers come from inside the same Multicall3 call). */
export interface BlockStamp {
  blockNumber: bigint;
  blockTimestamp: bigint;
}

/** Everything about an Aave market that is the same for every user: read once, shared by all. */
export interface AaveMarketSnapshot extends BlockStamp {
  chainId: number;
  reserves: readonly AaveReserveData[];
  baseCurrency: AaveBaseCurrencyInfo;
}

/** One user's raw (scaled) balances: these change only when the user or a liquidator acts. */
export interface AaveUserSnapshot extends BlockStamp {
  chainId: number;
  user: `0x${string}`;
  userReserves: readonly AaveUserReserveData[];
  userEModeCategoryId: number;
}
