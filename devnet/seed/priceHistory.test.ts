import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregatorAbi } from "../../shared/abis/aggregator";
import { resolvePricesDir } from "../../shared/prices/pricesDir.node.js";
import { MARKET_OPEN_TIMESTAMP } from "../build/buildDevnet";
import { devnetClients } from "../deploy/context";
import { reserveDefinition, usdToFeedAnswer } from "../deploy/market";
import { type StartedDevnet, startDevnet } from "../testing";
import { SEEDED_HOURS, seededRounds } from "./priceHistory";

let devnet: StartedDevnet;
beforeAll(async () => {
  devnet = await startDevnet();
});
afterAll(() => devnet?.stop());

const PHASE_1 = 1n << 64n;

describe("the feeds' seeded history", () => {
  it("every volatile feed holds 30 days of real hourly rounds before the market opened, readable by round id", async () => {
    const client = devnetClients(devnet.rpcUrl).publicClient;
    const expected = seededRounds(resolvePricesDir(), MARKET_OPEN_TIMESTAMP);
    for (const symbol of ["WETH", "wstETH", "LINK"] as const) {
      const feed = devnet.info.reserves[symbol].aggregator;
      const [latestId, latestAnswer, , latestUpdatedAt] = await client.readContract({
        address: feed,
        abi: aggregatorAbi,
        functionName: "latestRoundData",
      });
      // Phase 1 like a Chainlink proxy; round 1 is the deployment's, then the seeded rounds, nothing since.
      expect(latestId >> 64n).toBe(1n);
      const seeded = expected[symbol];
      expect(latestId).toBe(PHASE_1 + 1n + BigInt(seeded.length));
      expect(latestAnswer).toBe(usdToFeedAnswer(reserveDefinition(symbol).priceUsd));
      expect(Number(latestUpdatedAt)).toBe(MARKET_OPEN_TIMESTAMP);
      expect(seeded[0]!.time).toBeLessThanOrEqual(MARKET_OPEN_TIMESTAMP - (SEEDED_HOURS - 1) * 3600);
      // Spot checks through getRoundData: the chain holds exactly the simulated oracle's rounds.
      for (const k of [0, Math.floor(seeded.length / 2), seeded.length - 1]) {
        const [, answer, , updatedAt] = await client.readContract({
          address: feed,
          abi: aggregatorAbi,
          functionName: "getRoundData",
          args: [PHASE_1 + 2n + BigInt(k)],
        });
        expect(answer).toBe(usdToFeedAnswer(seeded[k]!.price));
        expect(Number(updatedAt)).toBe(seeded[k]!.time);
      }
      // Rounds that do not exist revert like Chainlink's ("No data present").
      await expect(
        client.readContract({
          address: feed,
          abi: aggregatorAbi,
          functionName: "getRoundData",
          args: [latestId + 1n],
        }),
      ).rejects.toThrow(/No data present/);
    }
    // The month really moved: ETH's seeded closes span more than 5 %.
    const eth = expected.WETH.map((r) => r.price);
    expect(Math.max(...eth) / Math.min(...eth)).toBeGreaterThan(1.05);
  });
});
