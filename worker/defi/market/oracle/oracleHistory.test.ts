import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { encodeAbiParameters, keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { aggregatorAbi } from "../../../../shared/abis";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import { LOOKBACK_HOURS } from "../../../../shared/risk/features";
import { forecastRisk } from "../../../risk";
import { chain, revertChainAfterEachTest, setPriceUsd } from "../../../test/devnet";
import { HISTORY_HOURS, ROUNDS_PER_CALL } from "./oracleHistory";

const CHAIN = 31337;
const WETH_FEED = devnetDeployment.reserves.WETH.aggregator;
const LINK_FEED = devnetDeployment.reserves.LINK.aggregator;
/** A market object of its own per test: its history starts empty, so the test sees a real first backfill. */
const freshMarket = () => env.MARKET.getByName(`oracle-history-${crypto.randomUUID()}`);

revertChainAfterEachTest();

/** Moves the devnet's clock on by `seconds` and mines a block there (the revert after each test puts it back). */
async function advanceChainTime(seconds: number): Promise<void> {
  await chain.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
  await chain.request({ method: "evm_mine" as never, params: [] as never });
}

async function roundsOf(aggregator: `0x${string}`): Promise<number> {
  const [roundId] = await chain.readContract({
    address: aggregator,
    abi: aggregatorAbi,
    functionName: "latestRoundData",
  });
  return Number(roundId & ((1n << 64n) - 1n));
}

describe("the chain's price history in its market object (devnet)", () => {
  it("backfills 30 days of the feeds' seeded rounds in a few eth_calls per feed", async () => {
    const market = freshMarket();
    const history = await market.priceHistory(CHAIN);
    const stats = (await market.priceHistoryStats())!;
    // Every feed was seeded with ≥ 30 days of hourly rounds: the first hour of the window opens with the round
    // before it, and every hour up to the chain's time has a point.
    for (const feed of ["ETH", "STETH", "LINK"] as const) {
      const points = history[feed]!;
      expect(points.length).toBeGreaterThanOrEqual(LOOKBACK_HOURS);
      expect(points.length).toBeLessThanOrEqual(HISTORY_HOURS + 1);
      expect(points.at(-1)!.time).toBe(stats.asOf);
      for (const p of points) expect(p.low! <= p.price && p.price <= p.high!).toBe(true);
    }
    // The devnet's WETH feed: the rounds read are what the chain holds, and the price moved over the month.
    const ethPrices = history.ETH!.map((p) => p.price);
    expect(Math.max(...ethPrices) / Math.min(...ethPrices)).toBeGreaterThan(1.05);
    const [, answer] = await chain.readContract({
      address: WETH_FEED,
      abi: aggregatorAbi,
      functionName: "latestRoundData",
    });
    expect(history.ETH!.at(-1)!.price).toBeCloseTo(Number(answer) / 1e8, 6);
    // Bounded cost: two reads of heads and sources, then one eth_call per ROUNDS_PER_CALL rounds of the
    // busiest feed (all feeds share each call); never one call per round.
    const busiest = Math.max(
      ...(await Promise.all(
        [
          WETH_FEED,
          devnetDeployment.reserves.wstETH.aggregator,
          devnetDeployment.reserves.LINK.aggregator,
        ].map(roundsOf),
      )),
    );
    expect(stats.roundsRead).toBeGreaterThan(3 * LOOKBACK_HOURS);
    expect(stats.rpcRequests).toBeLessThanOrEqual(2 + Math.ceil(busiest / ROUNDS_PER_CALL));
    expect(stats.rpcRequests).toBeLessThan(12);
  });

  it("an hour's low and high are those of the rounds written in it", async () => {
    const market = freshMarket();
    await market.priceHistory(CHAIN);
    // Two new rounds inside the current hour: a dip and a recovery, both reported by the oracle.
    const before = (await market.priceHistory(CHAIN)).ETH!.at(-1)!;
    await setPriceUsd("WETH", before.price * 0.9);
    await setPriceUsd("WETH", before.price * 1.02);
    await market.syncPriceHistory(CHAIN);
    const after = (await market.priceHistory(CHAIN)).ETH!.at(-1)!;
    expect(after.price).toBeCloseTo(before.price * 1.02, 4);
    expect(after.low).toBeCloseTo(Math.min(before.low!, before.price * 0.9), 4);
    expect(after.high).toBeCloseTo(Math.max(before.high!, before.price * 1.02), 4);
  });

  it("a new round is in the history within one block, through the per-block price watch", async () => {
    const market = freshMarket();
    await market.priceHistory(CHAIN);
    await market.pollPrices(CHAIN); // the watch's first look: prices as they are
    const calls = (await market.priceHistoryStats())!.rpcRequests;
    await setPriceUsd("WETH", 2500);
    await market.pollPrices(CHAIN); // the next block: prices moved, the history reads the new round
    const history = await market.priceHistory(CHAIN); // within the 30 s TTL: no sync of its own
    expect(history.ETH!.at(-1)!.price).toBe(2500);
    const stats = (await market.priceHistoryStats())!;
    // One round behind: heads plus one page of getRoundData, not a new backfill.
    expect(stats.rpcRequests - calls).toBeLessThanOrEqual(2);
  });

  it("never pairs new market prices with an older history: a snapshot whose prices moved syncs it first", async () => {
    const market = freshMarket();
    await market.priceHistory(CHAIN);
    await setPriceUsd("WETH", 2800);
    await market.invalidate(); // the next market read sees the new price; no price watch, well within the TTL
    expect((await market.priceHistory(CHAIN)).ETH!.at(-1)!.price).toBe(2800);
  });

  it("keeps the history across eviction without reading the chain again", async () => {
    const market = freshMarket();
    const before = await market.priceHistory(CHAIN);
    await evictDurableObject(market);
    const after = await market.priceHistory(CHAIN);
    expect(after).toEqual(before);
    // A new instance: its request counter restarted, and it made none (the stored sync is fresh).
    expect((await market.priceHistoryStats())!.rpcRequests).toBe(0);
  });

  it("reads the window again when the chain's rounds went back (a reorg; here a devnet revert)", async () => {
    const market = freshMarket();
    const snapshot = await chain.request({ method: "evm_snapshot" as never, params: [] as never });
    await setPriceUsd("WETH", 1234);
    await market.syncPriceHistory(CHAIN);
    expect((await market.priceHistory(CHAIN)).ETH!.at(-1)!.price).toBe(1234);
    await chain.request({ method: "evm_revert" as never, params: [snapshot] as never });
    await market.syncPriceHistory(CHAIN);
    const [, answer] = await chain.readContract({
      address: WETH_FEED,
      abi: aggregatorAbi,
      functionName: "latestRoundData",
    });
    const eth = (await market.priceHistory(CHAIN)).ETH!;
    expect(eth.at(-1)!.price).toBeCloseTo(Number(answer) / 1e8, 6);
    expect(eth.some((p) => p.price === 1234 || p.low === 1234 || p.high === 1234)).toBe(false);
  });

  it("a market snapshot ahead of the history in chain time syncs it first, prices unchanged and within the TTL", async () => {
    const market = freshMarket();
    await market.priceHistory(CHAIN);
    const first = (await market.priceHistoryStats())!.asOf!;
    await advanceChainTime(2 * 3600);
    await market.invalidate(); // the next market read is at the new block; its prices are the same
    const history = await market.priceHistory(CHAIN);
    const asOf = (await market.priceHistoryStats())!.asOf!;
    expect(asOf - first).toBeGreaterThanOrEqual(2 * 3600);
    expect(history.ETH!.at(-1)!.time).toBe(asOf);
  });

  it("a feed that cannot be read ends where it was last read, and the forecast names it", async () => {
    const market = freshMarket();
    const before = await market.priceHistory(CHAIN);
    const linkRead = (await market.priceHistoryStats())!.asOf!;
    // LINK's aggregator now reverts every call (a broken upgrade, or a node that cannot run it): PUSH 0 PUSH 0 REVERT.
    await chain.request({ method: "anvil_setCode" as never, params: [LINK_FEED, "0x60006000fd"] as never });
    await advanceChainTime(2 * 3600);
    await market.syncPriceHistory(CHAIN);
    const after = await market.priceHistory(CHAIN);
    const asOf = (await market.priceHistoryStats())!.asOf!;
    expect(after.ETH!.at(-1)!.time).toBe(asOf);
    // Not carried on as two calm hours: LINK's series stops at its last read, with the answer it had then.
    expect(after.LINK!.at(-1)).toEqual(before.LINK!.at(-1));
    expect(after.LINK!.at(-1)!.time).toBe(linkRead);

    const linkLoan = {
      collateral: [{ asset: "LINK" as const, usd: 10_000, liquidationThreshold: 0.68 }],
      debt: [{ asset: "USDC" as const, usd: 5_000 }],
    };
    const ethLoan = {
      collateral: [{ asset: "WETH" as const, usd: 10_000, liquidationThreshold: 0.83 }],
      debt: [{ asset: "USDC" as const, usd: 5_000 }],
    };
    const [link, eth] = await forecastRisk([
      { position: linkLoan, horizon: "24h", history: after, pricesAt: asOf },
      { position: ethLoan, horizon: "24h", history: after, pricesAt: asOf },
    ]);
    expect(link!.drivers[0]).toBe(
      `the oracle's LINK prices could not be read for ${Math.round((asOf - linkRead) / 3600)} h: ` +
        "this forecast uses the prices from before then",
    );
    expect(eth!.drivers.some((d) => d.includes("could not be read"))).toBe(false);
  });

  it("a round dated after the chain's head is not believed, and the true rounds after it are kept", async () => {
    const market = freshMarket();
    const before = await market.priceHistory(CHAIN);
    const firstRead = (await market.priceHistoryStats())!.asOf!;
    // SettableAggregator keeps `rounds` at slot 1 and the latest round number at slot 2; a round is one word,
    // updatedAt in its top 8 bytes. A lying node (or feed) dates a round 3 h ahead of the chain.
    const latest = BigInt(
      (await chain.getStorageAt({ address: WETH_FEED, slot: toHex(2, { size: 32 }) })) ?? 0,
    );
    const slot = keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [latest, 1n]));
    const honest = (await chain.getStorageAt({ address: WETH_FEED, slot })) ?? "0x0";
    const lied = toHex((BigInt(honest) & ((1n << 192n) - 1n)) | (BigInt(firstRead + 3 * 3600) << 192n), {
      size: 32,
    });
    const setRound = (word: string) =>
      chain.request({ method: "anvil_setStorageAt" as never, params: [WETH_FEED, slot, word] as never });

    // The latest round from the future: the feed reads as unreadable (it ends where it was last read).
    await setRound(lied);
    await advanceChainTime(600);
    await market.syncPriceHistory(CHAIN);
    const lying = await market.priceHistory(CHAIN);
    expect(lying.ETH!.at(-1)).toEqual(before.ETH!.at(-1));
    expect(lying.LINK!.at(-1)!.time).toBe((await market.priceHistoryStats())!.asOf);

    // A true round written after it (the aggregator itself only appends rounds that keep time), then the older
    // round is dated ahead again: the walk drops it and keeps the true round as the feed's newest price.
    await setRound(honest);
    await setPriceUsd("WETH", 1234);
    await setRound(lied);
    await market.syncPriceHistory(CHAIN);
    const after = await market.priceHistory(CHAIN);
    const asOf = (await market.priceHistoryStats())!.asOf!;
    expect(after.ETH!.at(-1)).toMatchObject({ time: asOf, price: 1234 });
    expect(after.ETH!.length).toBeGreaterThanOrEqual(LOOKBACK_HOURS);
  });
});
