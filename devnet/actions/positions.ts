import { type Address, erc20Abi } from "viem";
import { aaveOracleAbi } from "../../shared/abis/aaveOracle";
import type { DevnetReserve } from "../../shared/chains/devnet";
import type { DevnetSession } from "../session";

export interface ReservePosition {
  reserve: DevnetReserve;
  /** aToken balance (supplied, with interest), base units. */
  supplied: bigint;
  /** Variable debt token balance, base units. */
  debt: bigint;
  /** Oracle price in base currency (USD, 8 decimals). */
  price: bigint;
  suppliedBase: bigint;
  debtBase: bigint;
}

/** The user's supply and debt in every devnet reserve, valued at the Aave oracle's prices. */
export async function reservePositions(session: DevnetSession, user: Address): Promise<ReservePosition[]> {
  const { publicClient } = session.clients;
  return Promise.all(
    Object.values(session.info.reserves).map(async (reserve) => {
      const [supplied, debt, price] = await Promise.all([
        publicClient.readContract({
          address: reserve.aToken,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [user],
        }),
        publicClient.readContract({
          address: reserve.variableDebtToken,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [user],
        }),
        publicClient.readContract({
          address: session.info.contracts.aaveOracle,
          abi: aaveOracleAbi,
          functionName: "getAssetPrice",
          args: [reserve.underlying],
        }),
      ]);
      const unit = 10n ** BigInt(reserve.decimals);
      return {
        reserve,
        supplied,
        debt,
        price,
        suppliedBase: (supplied * price) / unit,
        debtBase: (debt * price) / unit,
      };
    }),
  );
}
