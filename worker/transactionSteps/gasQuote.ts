import type { PublicClient } from "viem";

/** Headroom over the simulated gas: state can move a little between simulation and inclusion. */
export const GAS_LIMIT_HEADROOM_PCT = 130n;

export interface GasQuote {
  gasLimits: bigint[];
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** gasLimit × maxFeePerGas: the most the sequence can cost. */
  costEth: number;
  costUsd: number;
}

/** Gas limits from the simulation plus current EIP-1559 fees, priced in USD with the chain's ETH price. */
export async function gasQuote(
  client: PublicClient,
  gasUsed: readonly bigint[],
  ethUsd: number,
): Promise<GasQuote> {
  const fees = await client.estimateFeesPerGas({ type: "eip1559", chain: null });
  const gasLimits = gasUsed.map((used) => (used * GAS_LIMIT_HEADROOM_PCT) / 100n);
  const gasLimit = gasLimits.reduce((a, b) => a + b, 0n);
  const costWei = gasLimit * fees.maxFeePerGas;
  const costEth = Number(costWei) / 1e18;
  return {
    gasLimits,
    gasLimit,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    costEth,
    costUsd: costEth * ethUsd,
  };
}
