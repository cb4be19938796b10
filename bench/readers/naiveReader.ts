import { type Address, erc20Abi, type PublicClient } from "viem";
import { aaveOracleAbi, poolAbi } from "../../shared/abis";
import type { AaveMarketAddresses } from "../../shared/chains/types";

/**
 * The obvious reader without Aave's UI helper or Multicall3: list the reserves, then one eth_call per fact per
 * reserve (reserve data, price, decimals, the user's aToken and debt balances), all sent concurrently, plus
 * Pool.getUserAccountData for the health factor. What a first integration usually looks like.
 */
export async function naiveCold(client: PublicClient, market: AaveMarketAddresses, user: Address) {
  const assets = await client.readContract({
    address: market.pool,
    abi: poolAbi,
    functionName: "getReservesList",
  });
  const [accountData, perReserve] = await Promise.all([
    client.readContract({
      address: market.pool,
      abi: poolAbi,
      functionName: "getUserAccountData",
      args: [user],
    }),
    Promise.all(assets.map((asset) => readReserve(client, market, asset, user))),
  ]);
  return { healthFactor: healthFactorOf(accountData[5]), reserves: perReserve };
}

async function readReserve(client: PublicClient, market: AaveMarketAddresses, asset: Address, user: Address) {
  const [data, price, decimals] = await Promise.all([
    client.readContract({
      address: market.pool,
      abi: poolAbi,
      functionName: "getReserveData",
      args: [asset],
    }),
    client.readContract({
      address: market.oracle,
      abi: aaveOracleAbi,
      functionName: "getAssetPrice",
      args: [asset],
    }),
    client.readContract({ address: asset, abi: erc20Abi, functionName: "decimals" }),
  ]);
  const balances = await userBalances(client, data.aTokenAddress, data.variableDebtTokenAddress, user);
  const unit = 10 ** decimals;
  return {
    asset,
    suppliedUsd: (Number(balances.supplied) / unit) * (Number(price) / 1e8),
    borrowedUsd: (Number(balances.borrowed) / unit) * (Number(price) / 1e8),
  };
}

async function userBalances(client: PublicClient, aToken: Address, debtToken: Address, user: Address) {
  const [supplied, borrowed] = await Promise.all([
    client.readContract({ address: aToken, abi: erc20Abi, functionName: "balanceOf", args: [user] }),
    client.readContract({ address: debtToken, abi: erc20Abi, functionName: "balanceOf", args: [user] }),
  ]);
  return { supplied, borrowed };
}

function healthFactorOf(raw: bigint): number | null {
  return raw >= 2n ** 255n ? null : Number(raw) / 1e18;
}
