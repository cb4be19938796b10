import type { Address, PublicClient } from "viem";
import type { AaveMarketAddresses } from "../../shared/chains/types";
import { formatAaveAccount } from "../../worker/defi/aave/formatAaveAccount";
import { readAaveMarketAndUser, readAaveUser } from "../../worker/defi/aave/readAave";
import type { AaveMarketSnapshot } from "../../worker/defi/aave/snapshots";

/** Vigil's reader, the code the worker runs: market + user + block in ONE Multicall3 eth_call, bigint math. */
export async function vigilCold(client: PublicClient, market: AaveMarketAddresses, user: Address) {
  const snapshot = await readAaveMarketAndUser({ client, chainId: 31337, market, user });
  const account = formatAaveAccount({ market: snapshot.market, user: snapshot.user, pool: market.pool });
  return { healthFactor: account.healthFactor, market: snapshot.market };
}

/** With the shared market cached (the per-chain market object): the user's balances alone, one eth_call. */
export async function vigilMarketCached(
  client: PublicClient,
  market: AaveMarketAddresses,
  user: Address,
  cached: AaveMarketSnapshot,
) {
  const snapshot = await readAaveUser({ client, chainId: 31337, market, user });
  return {
    healthFactor: formatAaveAccount({ market: cached, user: snapshot, pool: market.pool }).healthFactor,
  };
}
