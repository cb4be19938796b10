import { type Address, type Hex, type PublicClient, toHex } from "viem";
import { findChain } from "../../../shared/chains";
import { positionEventTopics, positionLogAddresses, walletsNamed } from "../aave/positionEvents";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import { stakerEventTopics, stakerLogAddresses, stakersNamed } from "../eigenlayer/stakerEvents";
import type { PositionLog } from "./positionWatch";

/**
 * ONE `eth_getLogs` over [fromBlock, toBlock] for a chain's position events: Aave's Pool and aTokens, and
 * EigenLayer's staker events where the chain has them. Each log comes back with the wallets it names and its place
 * in the chain (block hash and log index), so a range read again does not name the same event twice.
 */
export async function readPositionLogs(params: {
  client: PublicClient;
  chainId: number;
  snapshot: AaveMarketSnapshot;
  fromBlock: bigint;
  toBlock: bigint;
}): Promise<PositionLog[]> {
  const chain = findChain(params.chainId);
  const market = chain?.aave;
  if (!market) throw new Error(`chain ${params.chainId} has no Aave market configured`);
  const eigenLayer = chain.eigenLayer ?? null;
  const aTokens = params.snapshot.reserves.map((r) => r.aTokenAddress);
  const logs = await params.client.request({
    method: "eth_getLogs",
    params: [
      {
        address: [
          ...positionLogAddresses(market.pool, aTokens),
          ...(eigenLayer ? stakerLogAddresses(eigenLayer) : []),
        ],
        topics: [[...positionEventTopics, ...(eigenLayer ? stakerEventTopics : [])]],
        fromBlock: toHex(params.fromBlock),
        toBlock: toHex(params.toBlock),
      },
    ],
  });
  return logs.map((log) => {
    const raw = [{ address: log.address, topics: log.topics as Hex[], data: log.data }];
    const wallets: Address[] = walletsNamed(raw, market.pool, aTokens);
    if (eigenLayer) wallets.push(...stakersNamed(raw, eigenLayer));
    return {
      id:
        log.blockHash !== null && log.logIndex !== null
          ? `${log.blockHash.toLowerCase()}:${BigInt(log.logIndex)}`
          : null,
      blockNumber: log.blockNumber === null ? null : BigInt(log.blockNumber),
      wallets,
    };
  });
}
