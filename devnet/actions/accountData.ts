import type { Address } from "viem";
import { poolAbi } from "../../shared/abis/pool";
import type { DevnetSession } from "../session";

export interface AccountData {
  totalCollateralBase: bigint;
  totalDebtBase: bigint;
  availableBorrowsBase: bigint;
  currentLiquidationThreshold: bigint;
  ltv: bigint;
  /** WAD (1e18 = 1.0); max uint256 without debt. */
  healthFactor: bigint;
}

/** Pool.getUserAccountData: Aave's own view of a position, in base currency (USD, 8 decimals). */
export async function accountData(session: DevnetSession, user: Address): Promise<AccountData> {
  const [
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase,
    currentLiquidationThreshold,
    ltv,
    healthFactor,
  ] = await session.clients.publicClient.readContract({
    address: session.info.contracts.pool,
    abi: poolAbi,
    functionName: "getUserAccountData",
    args: [user],
  });
  return {
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase,
    currentLiquidationThreshold,
    ltv,
    healthFactor,
  };
}
