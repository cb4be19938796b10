import { encodeFunctionData, erc20Abi, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { liquidate } from "../../../../devnet/actions/liquidate";
import { devnetAccounts } from "../../../../devnet/seed/accounts";
import { devnetSession } from "../../../../devnet/session";
import { devnetChainConfig, devnetDeployment } from "../../../../shared/chains/devnet";
import { chain, revertChainAfterEachTest, rpcUrl, setPriceUsd } from "../../../test/devnet";
import { LIQUIDATION_CONFIRM_BLOCKS, LiquidationWatch } from "./liquidationWatch";

// A reorganisation that re-mines the same liquidation transaction elsewhere (a later block, after another
// transaction's logs, so under a new log index) on the devnet's real Pool: it is the same liquidation, told once.

revertChainAfterEachTest();
const BORROWER = devnetAccounts.borrower;

function watch(client: () => PublicClient = () => chain) {
  const kv = new Map<string, unknown>();
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
    log: () => {},
  });
  return { liquidations, kv };
}

async function scanAndCommit(liquidations: LiquidationWatch) {
  const scan = await liquidations.scan(BORROWER.address);
  scan.commit();
  return scan;
}

const mine = (blocks: number) =>
  chain.request({ method: "anvil_mine" as never, params: [`0x${blocks.toString(16)}`] as never });

/** A signed approval by another account: a transaction with a log of its own, to go before the liquidation. */
async function signedApproval(): Promise<Hex> {
  const account = privateKeyToAccount(BORROWER.privateKey);
  const block = await chain.getBlock();
  return account.signTransaction({
    chainId: 31337,
    type: "eip1559",
    nonce: await chain.getTransactionCount({ address: account.address }),
    to: devnetDeployment.reserves.USDC.underlying,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [account.address, 1n] }),
    gas: 100_000n,
    maxFeePerGas: (block.baseFeePerGas ?? 1_000_000_000n) * 4n + 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  });
}

describe("a liquidation a reorganisation re-mines (devnet)", () => {
  it("in a later block under a new log index is the same liquidation: told once, never undone", async () => {
    const { liquidations, kv } = watch();
    await scanAndCommit(liquidations); // starts at the head
    await setPriceUsd("WETH", 2_000);
    await liquidate(devnetSession(rpcUrl, devnetDeployment), BORROWER);
    const told = await scanAndCommit(liquidations);
    expect(told.found).toHaveLength(1);
    const first = told.found[0]!.liquidation;
    const hash = first.txHash as Hex;

    // The same signed transaction, re-mined one block later behind an approval (whose log comes first).
    const raw = await chain.request({
      method: "eth_getRawTransactionByHash" as never,
      params: [hash] as never,
    });
    const approval = await signedApproval();
    await mine(1);
    await chain.request({
      method: "anvil_reorg" as never,
      params: [
        2,
        [
          [approval, 1],
          [raw, 1],
        ],
      ] as never,
    });
    const receipt = await chain.getTransactionReceipt({ hash });
    expect(receipt.blockNumber).toBe(BigInt(first.blockNumber) + 1n);
    const moved = receipt.logs.find(
      (log) => log.address.toLowerCase() === devnetDeployment.contracts.pool.toLowerCase(),
    );
    expect(moved?.logIndex).not.toBe(undefined);
    expect(receipt.logs.length).toBeGreaterThan(0);
    expect(Math.min(...receipt.logs.map((log) => log.logIndex))).toBeGreaterThan(0); // the approval's log is first

    const after = await scanAndCommit(liquidations);
    expect(after.found).toEqual([]);
    expect(after.retracted).toEqual([]);
    expect(after.complete).toBe(true);
    expect((await scanAndCommit(liquidations)).found).toEqual([]);

    // Deep enough: forgotten, never undone, never told again.
    await mine(Number(LIQUIDATION_CONFIRM_BLOCKS));
    const settled = await scanAndCommit(liquidations);
    expect(settled.found).toEqual([]);
    expect(settled.retracted).toEqual([]);
    expect(kv.get(`liquidations:recent:31337:${BORROWER.address.toLowerCase()}`)).toBeUndefined();
  });

  it("dropped, then waiting in the node's pool and mined again, is not called undone in between: told once", async () => {
    const { liquidations } = watch();
    await scanAndCommit(liquidations); // starts at the head
    await setPriceUsd("WETH", 2_000);
    await liquidate(devnetSession(rpcUrl, devnetDeployment), BORROWER);
    const told = await scanAndCommit(liquidations);
    expect(told.found).toHaveLength(1);
    const hash = told.found[0]!.liquidation.txHash as Hex;
    const raw = await chain.request({
      method: "eth_getRawTransactionByHash" as never,
      params: [hash] as never,
    });

    await chain.request({ method: "evm_setAutomine" as never, params: [false] as never });
    try {
      // Its block replaced by an empty one, the transaction back in the pool (as a node re-queues orphaned ones).
      await chain.request({ method: "anvil_reorg" as never, params: [1, []] as never });
      await chain.request({ method: "eth_sendRawTransaction" as never, params: [raw] as never });
      expect((await chain.getTransaction({ hash })).blockNumber).toBeNull();
      const waiting = await scanAndCommit(liquidations);
      expect(waiting.retracted).toEqual([]);
      expect(waiting.found).toEqual([]);

      await mine(1);
      expect((await chain.getTransactionReceipt({ hash })).status).toBe("success");
      const mined = await scanAndCommit(liquidations);
      expect(mined.found).toEqual([]);
      expect(mined.retracted).toEqual([]);
    } finally {
      await chain.request({ method: "evm_setAutomine" as never, params: [true] as never });
    }
  });
});
