import { afterEach, describe, expect, inject, it } from "vitest";
import { faultControl } from "../../devnet/faultProxy/control";
import { chain } from "../test/devnet";
import { publicClientFor, type RpcOptions, toUpstreamError } from "./client";

// A node serving a head further behind than the reorg-safety window (64 blocks), on the real devnet through the
// fault proxy: the proxy answers the chain id of a real chain, so the head is judged by that chain's block time,
// against a clock set that far after the devnet's newest block.

const faults = faultControl(inject("faultControlUrl"));
const faultyRpcUrl = inject("faultyRpcUrl");
afterEach(async () => {
  await faults.clear();
});

const FAST: RpcOptions = { retryCount: 0, retryDelayMs: 5, timeoutMs: 2_000 };

/** A client of `chainId` whose only node is the devnet behind the proxy, `behindSeconds` behind the clock. */
async function nodeBehind(chainId: number, behindSeconds: number) {
  const path = `/lag-${chainId}-${crypto.randomUUID()}`;
  await faults.set([{ path, method: "eth_chainId", fault: { kind: "wrongChainId", chainId } }]);
  const head = await chain.getBlock();
  const now = () => Number(head.timestamp) * 1000 + behindSeconds * 1000;
  return publicClientFor({ rpcUrls: () => [`${faultyRpcUrl}${path}`] }, chainId, {
    ...FAST,
    staleHead: { now },
  });
}

async function readOutcome(client: ReturnType<typeof publicClientFor>): Promise<string> {
  try {
    await client.getBlockNumber({ cacheTime: 0 });
    return "read as live";
  } catch (error) {
    const upstream = toUpstreamError(error, "Reading the block");
    return upstream
      ? `${upstream.status}: ${upstream.shortMessage}`
      : `not an upstream failure: ${String(error)}`;
  }
}

describe("a node behind by more than the reorg-safety window", () => {
  it("on Base, 3 min behind (90 blocks of 2 s) is stale: a 503 saying how old, never its numbers as live", async () => {
    expect(await readOutcome(await nodeBehind(8453, 180))).toBe(
      "503: Reading the block: the chain's RPC is behind (its newest block is 3 min old).",
    );
  });

  it("on Arbitrum, 90 s behind (360 blocks of 0.25 s) is stale, told in seconds", async () => {
    expect(await readOutcome(await nodeBehind(42161, 90))).toBe(
      "503: Reading the block: the chain's RPC is behind (its newest block is 90 s old).",
    );
  });

  it("within the window it is live: Base 100 s behind (50 blocks), Ethereum 3 min behind (15 blocks)", async () => {
    expect(await readOutcome(await nodeBehind(8453, 100))).toBe("read as live");
    expect(await readOutcome(await nodeBehind(1, 180))).toBe("read as live");
  });
});
