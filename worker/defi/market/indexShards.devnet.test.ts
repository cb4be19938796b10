import { env } from "cloudflare:workers";
import { type Hex, numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { borrow } from "../../../devnet/actions/borrow";
import { supply } from "../../../devnet/actions/supply";
import type { DevnetAccount } from "../../../devnet/seed/accounts";
import { devnetSession } from "../../../devnet/session";
import { devnetDeployment } from "../../../shared/chains/devnet";
import { chain, marketObject, revertChainAfterEachTest, rpcUrl, setPriceUsd } from "../../test/devnet";
import { indexShardName } from "./indexShards";
import type { WakeRegistration } from "./wakeIndex";

// Index shards on the devnet: the chain's market object (the coordinator) reads each block's head, prices and
// position logs once and forwards them; each shard wakes only its own users. Watchers here are synthetic (they
// answer a wake as an idle user does), registered straight with their shard as a user object would be.

revertChainAfterEachTest();

const session = () => devnetSession(rpcUrl, devnetDeployment);
const shard = (k: number) => env.MARKET.getByName(indexShardName(31337, k));
const WETH = devnetDeployment.reserves.WETH.underlying;
const DAI = devnetDeployment.reserves.DAI.underlying;

/** 1 WETH of (already weighted) collateral and `dai` DAI of debt: HF = WETH's USD price ÷ dai. */
const registration = (address: `0x${string}`, dai: number): WakeRegistration => ({
  address,
  exposure: [
    { asset: WETH, collateral: 1, debt: 0 },
    { asset: DAI, collateral: 0, debt: dai },
  ],
  lines: [1.5],
});

async function fundedAccount(): Promise<DevnetAccount> {
  const privateKey: Hex = generatePrivateKey();
  const address = privateKeyToAccount(privateKey).address;
  await chain.request({
    method: "anvil_setBalance" as never,
    params: [address, numberToHex(parseEther("10"))] as never,
  });
  return { name: "borrower", address, privateKey } as DevnetAccount;
}

/** Until the coordinator and both shards have read up to the head (the alarm may be forwarding a block). */
async function settled(): Promise<void> {
  const head = String(await chain.getBlockNumber());
  for (const object of [marketObject(), shard(0), shard(1)]) {
    await expect
      .poll(async () => (await object.positionWatchStats())?.lastScannedBlock, { timeout: 5_000 })
      .toBe(head);
  }
}

describe("index shards (devnet)", () => {
  it("one log read per block for every shard; a price move and a borrow wake only the users behind them", async () => {
    await setPriceUsd("WETH", 3_000);
    const bobAccount = await fundedAccount();
    const alice = { id: "a".repeat(64), registration: registration(`0x${"a1".repeat(20)}`, 1_935) };
    const bob = { id: "b".repeat(64), registration: registration(bobAccount.address, 1_200) };
    try {
      const head = String(await chain.getBlockNumber());
      await shard(0).watchSynthetic(31337, alice.id, alice.registration, head, 0);
      await shard(1).watchSynthetic(31337, bob.id, bob.registration, head, 1);
      // Each shard announced itself: the coordinator now forwards blocks to both.
      expect(await marketObject().indexShards()).toEqual([0, 1]);

      // Two blocks so that the coordinator's own log read covers what the shards need from then on.
      for (let i = 0; i < 2; i++) {
        await chain.request({ method: "evm_mine" as never, params: [] as never });
        await marketObject().pollPrices(31337);
      }
      await settled();
      const coordinatorBefore = await marketObject().positionWatchStats();
      const coordinatorReadsBefore = await marketObject().logRequestCount();
      const shardsBefore = [await shard(0).positionWatchStats(), await shard(1).positionWatchStats()];
      const shardReadsBefore = [await shard(0).logRequestCount(), await shard(1).logRequestCount()];

      // WETH 3,000 → 2,900: Alice's HF 1.55 → 1.498 crosses her 1.5; Bob's 2.5 → 2.42 crosses nothing.
      await setPriceUsd("WETH", 2_900);
      await marketObject().pollPrices(31337);
      // (The coordinator's own alarm may be the one forwarding that block: polled, not read once.)
      await expect
        .poll(async () => (await shard(0).positionWakes(alice.id))?.prices, { timeout: 5_000 })
        .toBe(1);
      expect(await shard(1).positionWakes(bob.id)).toEqual({ positions: 0, prices: 0, resync: 0 });

      // Bob supplies and borrows on chain: the events name him, and only his shard wakes him.
      await supply(session(), bobAccount, "WETH", "1");
      await borrow(session(), bobAccount, "DAI", "100");
      await marketObject().pollPrices(31337);
      // Once per block that named him: the supply and the borrow may be read in one block range or in two.
      await expect
        .poll(async () => (await shard(1).positionWakes(bob.id))?.positions ?? 0, { timeout: 5_000 })
        .toBeGreaterThanOrEqual(1);
      expect(await shard(0).positionWakes(alice.id)).toEqual({ positions: 0, prices: 1, resync: 0 });

      // The logs were read by the coordinator alone: one eth_getLogs per block, whatever the number of shards.
      await settled();
      const coordinatorAfter = await marketObject().positionWatchStats();
      const blocks = (coordinatorAfter?.blocks ?? 0) - (coordinatorBefore?.blocks ?? 0);
      expect(blocks, "blocks the coordinator read").toBeGreaterThanOrEqual(2);
      expect((await marketObject().logRequestCount()) - coordinatorReadsBefore, "its eth_getLogs").toBe(
        blocks,
      );
      for (const k of [0, 1]) {
        await expect
          .poll(
            async () => ((await shard(k).positionWatchStats())?.blocks ?? 0) - (shardsBefore[k]?.blocks ?? 0),
            {
              timeout: 5_000,
            },
          )
          .toBe(blocks);
        expect(await shard(k).logRequestCount(), `eth_getLogs of shard ${k}`).toBe(shardReadsBefore[k]);
      }
    } finally {
      await shard(0).resetPositionWatch();
      await shard(1).resetPositionWatch();
    }
    // Empty shards answer the next block with no watchers: the coordinator stops forwarding to them.
    await chain.request({ method: "evm_mine" as never, params: [] as never });
    await marketObject().pollPrices(31337);
    await expect.poll(() => marketObject().indexShards(), { timeout: 5_000 }).toEqual([]);
  });
});
