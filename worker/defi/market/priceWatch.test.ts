import { describe, expect, it } from "vitest";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import { PriceWatch, type PriceWatchHost } from "./priceWatch";

/** A market whose one reserve has the given oracle price (all the watch compares). */
const marketAt = (price: bigint) =>
  ({
    reserves: [{ underlyingAsset: "0xweth", priceInMarketReferenceCurrency: price }],
  }) as unknown as AaveMarketSnapshot;

/** A host on a scripted chain: `head` is the block number, `price` the oracle's answer, `failNextRead` the fault. */
function scriptedHost() {
  const state = { head: 100n, price: 2000n, failNextRead: false, reads: 0, told: [] as string[] };
  const host: PriceWatchHost = {
    storage: { getAlarm: async () => null, setAlarm: async () => undefined },
    now: () => 0,
    blockNumber: async () => state.head,
    refreshMarket: async () => {
      state.reads++;
      if (state.failNextRead) {
        state.failNextRead = false;
        throw new Error("the chain's RPC answered with an error");
      }
      return marketAt(state.price);
    },
    onPricesChanged: async () => undefined,
    notifyWatcher: async (id) => {
      state.told.push(id);
    },
    log: () => undefined,
  };
  return { state, host };
}

describe("PriceWatch", () => {
  it("reads the market once per new block, not once per poll", async () => {
    const { state, host } = scriptedHost();
    const watch = new PriceWatch(host);
    await watch.watch("user-a");
    await watch.poll();
    await watch.poll();
    state.head = 101n;
    await watch.poll();
    await watch.poll();
    expect(state.reads).toBe(2);
    expect(watch.stats()).toMatchObject({ polls: 4, blocksSeen: 2, marketReads: 2 });
  });

  it("a head flapping between two nodes (101, 100, 101, 100) is one new block: one read, no watcher woken twice", async () => {
    const { state, host } = scriptedHost();
    const watch = new PriceWatch(host);
    await watch.watch("user-a");
    await watch.poll(); // block 100 at $2000
    state.head = 101n;
    state.price = 1900n;
    await watch.poll(); // 101: read, the watcher told
    for (const head of [100n, 101n, 100n, 101n]) {
      state.head = head;
      state.price = head === 100n ? 2000n : 1900n; // the lagging node's older prices
      await watch.poll();
    }
    expect(state.reads).toBe(2);
    expect(state.told).toEqual(["user-a"]);
    // A lower head three polls in a row is the chain itself going back: followed.
    state.head = 100n;
    state.price = 2000n;
    for (let k = 0; k < 3; k++) await watch.poll();
    expect(state.reads).toBe(3);
    expect(watch.stats().lastBlock).toBe("100");
  });

  it("a block whose read failed is read again at the next poll, and its price move is told", async () => {
    const { state, host } = scriptedHost();
    const watch = new PriceWatch(host);
    await watch.watch("user-a");
    await watch.poll(); // block 100 at $2000: the baseline
    state.head = 101n;
    state.price = 1500n;
    state.failNextRead = true;
    await expect(watch.poll()).rejects.toThrow(/RPC/);
    expect(state.told).toEqual([]);
    // No new block: the same head is read again, and the watcher hears of the fall.
    expect(await watch.poll()).toBe(1);
    expect(state.told).toEqual(["user-a"]);
    expect(watch.stats()).toMatchObject({ blocksSeen: 2, marketReads: 2, priceChanges: 1, lastBlock: "101" });
  });
});
