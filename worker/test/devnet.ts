import { env } from "cloudflare:workers";
import { createPublicClient, createWalletClient, http, parseUnits } from "viem";
import { afterEach, beforeEach, inject } from "vitest";
import { settableAggregatorAbi } from "../../devnet/abis/settableAggregator";
import { devnetDeployment } from "../../shared/chains/devnet";
import { marketObjectFor } from "../defi/market/marketObject";
import { anvilAccount } from "./helpers";

// The one devnet every worker test file shares (started by globalSetup.ts), and what tests do to it.

export const rpcUrl = inject("rpcUrl");
// No block-number cache: files share this client and move the chain (mine, revert) between reads. Receipts are
// polled every 20 ms like the devnet's own clients: a receipt not there at the first look (anvil busy answering
// the market object's per-block reads) must not cost viem's default 4 s.
export const chain = createPublicClient({ transport: http(rpcUrl), cacheTime: 0, pollingInterval: 20 });
export const marketObject = () => marketObjectFor(env.MARKET, 31337);

/** Each test leaves the shared devnet as it found it (prices, time, balances); the market cache forgets it. */
export function revertChainAfterEachTest(): void {
  let snapshotId: string;
  beforeEach(async () => {
    snapshotId = await chain.request({ method: "evm_snapshot" as never, params: [] as never });
    await marketObject().invalidate();
  });
  afterEach(async () => {
    await chain.request({ method: "evm_revert" as never, params: [snapshotId] as never });
    await marketObject().invalidate();
    // Users registered by this test would be woken (resync) by the reverted head in the middle of a later one.
    await marketObject().resetPositionWatch();
  });
}

/** Moves a reserve's price feed (the devnet's settable aggregator), signed by the deployer (anvil key 0). */
export async function setPriceUsd(
  symbol: keyof typeof devnetDeployment.reserves,
  usd: number,
): Promise<void> {
  const wallet = createWalletClient({ account: anvilAccount(0), transport: http(rpcUrl) });
  const hash = await wallet.writeContract({
    chain: null,
    address: devnetDeployment.reserves[symbol].aggregator,
    abi: settableAggregatorAbi,
    functionName: "setAnswer",
    args: [parseUnits(usd.toFixed(8), 8)],
    gas: 200_000n,
  });
  await chain.waitForTransactionReceipt({ hash });
}
