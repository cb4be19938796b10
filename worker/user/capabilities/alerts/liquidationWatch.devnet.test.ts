import type { PublicClient } from "viem";
import { afterEach, describe, expect, inject, it } from "vitest";
import { liquidate } from "../../../../devnet/actions/liquidate";
import { devnetAccounts } from "../../../../devnet/seed/accounts";
import { devnetSession } from "../../../../devnet/session";
import { devnetChainConfig, devnetDeployment } from "../../../../shared/chains/devnet";
import { publicClientFor } from "../../../chain/client";
import { chain, revertChainAfterEachTest, rpcUrl, setPriceUsd } from "../../../test/devnet";
import { faults, pathFor } from "../../../test/simulatedWatch";
import { LIQUIDATION_CONFIRM_BLOCKS, LiquidationWatch } from "./liquidationWatch";

// The liquidation watch against the devnet's real Pool: a liquidation is found however long the object slept or
// however wrong a node's head was once; a gap is read over several checks, never skipped.

revertChainAfterEachTest();
afterEach(async () => {
  await faults.clear();
});
const BORROWER = devnetAccounts.borrower;

/** `catchUp`: ranges per check and blocks per range, smaller than production's so a test mines few blocks. */
function watch(
  catchUp?: { catchUpRanges: number; logRange: bigint },
  client: () => PublicClient = () => chain,
) {
  const kv = new Map<string, unknown>();
  const logs: Record<string, unknown>[] = [];
  const liquidations = new LiquidationWatch({
    kv: {
      get: <T>(key: string) => kv.get(key) as T | undefined,
      put: (key: string, value: unknown) => void kv.set(key, value),
      delete: (key: string) => kv.delete(key),
    } as Pick<SyncKvStorage, "get" | "put" | "delete">,
    chains: () => [devnetChainConfig],
    client,
    aaveMarket: async () => ({
      ok: false,
      failure: { kind: "unavailable", message: "not needed here", retryAfterSeconds: 1 },
    }),
    log: (event) => void logs.push(event),
    ...catchUp,
  });
  const cursorKey = `liquidations:cursor:31337:${BORROWER.address.toLowerCase()}`;
  return { liquidations, kv, logs, cursorKey };
}

async function scanAndCommit(liquidations: LiquidationWatch) {
  const scan = await liquidations.scan(BORROWER.address);
  scan.commit();
  return scan;
}

/** Makes the borrower liquidatable and liquidates half its debt through the Pool. */
async function liquidateBorrower(): Promise<void> {
  await setPriceUsd("WETH", 2_000);
  await liquidate(devnetSession(rpcUrl, devnetDeployment), BORROWER);
}

const mine = (blocks: number) =>
  chain.request({ method: "anvil_mine" as never, params: [`0x${blocks.toString(16)}`] as never });

describe("the liquidation watch (devnet)", () => {
  it("a liquidation followed by a long gap is found: the gap is read over several checks, not skipped", async () => {
    // Two ranges of 100 blocks per check here (8 of 5,000 in production): a gap of 300 blocks takes two checks.
    const { liquidations } = watch({ catchUpRanges: 2, logRange: 100n });
    expect((await scanAndCommit(liquidations)).complete).toBe(true); // starts at the head
    await liquidateBorrower();
    // More blocks than one check reads: the old watch jumped to the newest range and never saw the liquidation.
    await mine(300);

    const first = await scanAndCommit(liquidations);
    expect(first.found).toHaveLength(1);
    expect(first.found[0]!.liquidation.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(first.complete).toBe(false); // not at the head yet: nothing may be called over
    const later = [await scanAndCommit(liquidations)];
    while (!later.at(-1)!.complete && later.length < 5) later.push(await scanAndCommit(liquidations));
    expect(later.at(-1)!.complete).toBe(true);
    expect(later.flatMap((scan) => scan.found)).toEqual([]); // told once
  });

  it("a cursor a lying head moved past the chain's blocks still finds the liquidation in them", async () => {
    const { liquidations, kv, cursorKey } = watch();
    await scanAndCommit(liquidations);
    // A node answered eth_blockNumber 20 blocks ahead once: the cursor went there.
    const head = await chain.getBlockNumber();
    kv.set(cursorKey, String(head + 20n));
    await liquidateBorrower(); // lands within those 20 blocks
    const scan = await scanAndCommit(liquidations);
    expect(scan.found).toHaveLength(1);
    expect(scan.complete).toBe(true);
    expect((await scanAndCommit(liquidations)).found).toEqual([]);
  });
});

describe("a liquidation a chain reorganisation drops (devnet)", () => {
  it("is told as undone once at the next scan; one that stays is never undone and stops being checked", async () => {
    const { liquidations, kv } = watch();
    await scanAndCommit(liquidations); // starts at the head
    await liquidateBorrower();
    const told = await scanAndCommit(liquidations);
    expect(told.found).toHaveLength(1);
    const txHash = told.found[0]!.liquidation.txHash;
    // Still on the chain: nothing undone.
    expect((await scanAndCommit(liquidations)).retracted).toEqual([]);

    // The block holding the liquidation is replaced by an empty one: the liquidation never happened.
    await chain.request({ method: "anvil_reorg" as never, params: [1, []] as never });
    expect(await chain.getTransactionReceipt({ hash: txHash as `0x${string}` }).catch(() => null)).toBeNull();
    const undone = await scanAndCommit(liquidations);
    expect(undone.retracted.map((r) => r.liquidation.txHash)).toEqual([txHash]);
    expect(undone.found).toEqual([]);
    expect(undone.complete).toBe(true);
    expect((await scanAndCommit(liquidations)).retracted).toEqual([]); // told once

    // A liquidation that stays: checked until it is LIQUIDATION_CONFIRM_BLOCKS deep, then forgotten, never undone.
    await liquidate(devnetSession(rpcUrl, devnetDeployment), BORROWER);
    const again = await scanAndCommit(liquidations);
    expect(again.found).toHaveLength(1);
    await mine(Number(LIQUIDATION_CONFIRM_BLOCKS));
    expect((await scanAndCommit(liquidations)).retracted).toEqual([]);
    expect(kv.get(`liquidations:recent:31337:${BORROWER.address.toLowerCase()}`)).toBeUndefined();
  });
});

describe("a liquidation's receipt from a lagging node (devnet, fault proxy)", () => {
  it("no receipt and no block at its height from the node asked is not taken as undone", async () => {
    const path = pathFor("liquidation-lagging-receipt");
    const faulty = publicClientFor({ rpcUrls: () => [`${inject("faultyRpcUrl")}/${path}`] }, 31337);
    let client: PublicClient = chain;
    const { liquidations } = watch(undefined, () => client);
    await scanAndCommit(liquidations);
    await liquidateBorrower();
    expect((await scanAndCommit(liquidations)).found).toHaveLength(1);

    // The node asked next has not reached the liquidation's block: no receipt, no block at that height.
    client = faulty;
    await faults.set([
      {
        path: `/${path}`,
        method: "eth_getTransactionReceipt",
        fault: { kind: "garbageResult", result: null },
      },
      { path: `/${path}`, method: "eth_getBlockByNumber", fault: { kind: "garbageResult", result: null } },
    ]);
    const lagging = await scanAndCommit(liquidations);
    expect((await faults.stats()).faults.garbageResult).toBeGreaterThanOrEqual(2);
    expect(lagging.retracted).toEqual([]);

    // It was kept, not forgotten: once the node answers, a reorganisation dropping it is told as undone.
    await faults.clear();
    await chain.request({ method: "anvil_reorg" as never, params: [1, []] as never });
    expect((await scanAndCommit(liquidations)).retracted).toHaveLength(1);
  });
});
