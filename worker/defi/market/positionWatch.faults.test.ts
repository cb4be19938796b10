import { type Hex, numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, describe, expect, inject, it } from "vitest";
import { borrow } from "../../../devnet/actions/borrow";
import { supply } from "../../../devnet/actions/supply";
import type { DevnetAccount } from "../../../devnet/seed/accounts";
import { devnetSession } from "../../../devnet/session";
import { findChain } from "../../../shared/chains";
import { devnetDeployment } from "../../../shared/chains/devnet";
import { publicClientFor } from "../../chain/client";
import { chain, revertChainAfterEachTest, rpcUrl } from "../../test/devnet";
import { faults, pathFor } from "../../test/simulatedWatch";
import { readAaveMarket } from "../aave/readAave";
import { readPositionLogs } from "./positionLogs";
import { type MarketWake, PositionWatch, type PositionWatchKv } from "./positionWatch";

// The position watch on the real devnet, its `eth_getLogs` served through the fault proxy: a node behind the head
// it was given answers `[]` (no error) for the blocks it has not reached yet.

revertChainAfterEachTest();
afterEach(async () => {
  await faults.clear();
});

function memoryKv(): PositionWatchKv {
  const map = new Map<string, unknown>();
  return {
    get: <T>(key: string) => map.get(key) as T | undefined,
    list: <T>(options?: { prefix?: string }) =>
      [...map].filter(([key]) => key.startsWith(options?.prefix ?? "")) as [string, T][],
    put: (key, value) => void map.set(key, value),
    delete: (key) => map.delete(key),
  };
}

const mine = () => chain.request({ method: "anvil_mine" as never, params: ["0x1"] as never });

describe("position watch: eth_getLogs from a lagging node (devnet, fault proxy)", () => {
  it("a Borrow whose blocks a lagging node answered [] for still wakes its user once, when the node catches up", async () => {
    const path = pathFor("lagging-logs");
    const client = publicClientFor({ rpcUrls: () => [`${inject("faultyRpcUrl")}/${path}`] }, 31337);
    const market = findChain(31337)?.aave;
    if (!market) throw new Error("the devnet has no Aave market");
    const privateKey: Hex = generatePrivateKey();
    const account = {
      name: "borrower",
      address: privateKeyToAccount(privateKey).address,
      privateKey,
    } as DevnetAccount;
    const session = () => devnetSession(rpcUrl, devnetDeployment);
    await chain.request({
      method: "anvil_setBalance" as never,
      params: [account.address, numberToHex(parseEther("10"))] as never,
    });
    await supply(session(), account, "WETH", "2");

    const woken: MarketWake[] = [];
    const registration = { address: account.address, exposure: [], lines: [] };
    const watch = new PositionWatch({
      kv: memoryKv(),
      chainId: 31337,
      now: () => Date.now(),
      positionLogs: ({ fromBlock, toBlock }, snapshot) =>
        readPositionLogs({ client, chainId: 31337, snapshot, fromBlock, toBlock }),
      wake: async (_id, wake) => {
        woken.push(wake);
        return registration;
      },
      log: () => undefined,
    });
    watch.register("borrower", registration);
    const block = async () => {
      const head = await chain.getBlockNumber();
      await watch.onBlock(head, await readAaveMarket({ client, chainId: 31337, market }));
      return head;
    };
    await block(); // the watch starts at the head

    // The node serving eth_getLogs is behind: its next two answers are empty, then it has caught up.
    await faults.set([
      { path: `/${path}`, method: "eth_getLogs", times: 2, fault: { kind: "garbageResult", result: [] } },
    ]);
    await borrow(session(), account, "DAI", "1000");
    await block(); // the Borrow's block: [] from the lagging node
    await mine();
    await block(); // and the next one: [] again
    expect((await faults.stats()).faults.garbageResult).toBe(2);
    expect(woken).toEqual([]);

    await mine();
    await block(); // the node answers properly: the Borrow two blocks back is found
    expect(woken.map((w) => w.reason)).toEqual(["positions"]);
    await mine();
    await block(); // read again in the trailing window, it wakes nobody a second time
    expect(woken.map((w) => w.reason)).toEqual(["positions"]);
  });
});
