import type { Address, PublicClient } from "viem";
import { strategyAbi, strategyManagerAbi } from "../../../shared/abis";
import { type EigenLayerAddresses, MULTICALL3_ADDRESS } from "../../../shared/chains/types";

export interface EigenLayerDeposit {
  strategy: Address;
  underlyingToken: Address;
  shares: bigint;
  underlyingAmount: bigint;
}

/**
 * The user's restaked deposits in the configured strategies: one multicall for shares and underlying
 * tokens, and a second only when something is deposited, to turn shares into underlying at the strategy's
 * own exchange rate (sharesToUnderlyingView), exactly as EigenLayer accounts for withdrawals.
 */
export async function readEigenLayerDeposits(params: {
  client: PublicClient;
  eigenLayer: EigenLayerAddresses;
  user: Address;
}): Promise<EigenLayerDeposit[]> {
  const { client, eigenLayer, user } = params;
  const strategies = eigenLayer.strategies.map((s) => s.strategy);
  if (strategies.length === 0) return [];
  const firstRound = await client.multicall({
    multicallAddress: MULTICALL3_ADDRESS,
    allowFailure: false,
    contracts: strategies.flatMap((strategy) => [
      {
        address: eigenLayer.strategyManager,
        abi: strategyManagerAbi,
        functionName: "stakerDepositShares",
        args: [user, strategy],
      } as const,
      { address: strategy, abi: strategyAbi, functionName: "underlyingToken" } as const,
    ]),
  });
  const held = strategies
    .map((strategy, i) => ({
      strategy,
      shares: firstRound[2 * i] as bigint,
      underlyingToken: firstRound[2 * i + 1] as Address,
    }))
    .filter((d) => d.shares > 0n);
  if (held.length === 0) return [];
  const amounts = await client.multicall({
    multicallAddress: MULTICALL3_ADDRESS,
    allowFailure: false,
    contracts: held.map(
      (d) =>
        ({
          address: d.strategy,
          abi: strategyAbi,
          functionName: "sharesToUnderlyingView",
          args: [d.shares],
        }) as const,
    ),
  });
  return held.map((d, i) => ({ ...d, underlyingAmount: amounts[i] as bigint }));
}
