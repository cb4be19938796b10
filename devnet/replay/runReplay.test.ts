import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aaveOracleAbi } from "../../shared/abis/aaveOracle";
import { aggregatorAbi } from "../../shared/abis/aggregator";
import { type DevnetSession, devnetSession } from "../session";
import { type StartedDevnet, startDevnet } from "../testing";
import type { ReplayPoint } from "./priceTrack";
import { type ReplayProgress, runReplay } from "./runReplay";

let devnet: StartedDevnet;
let session: DevnetSession;
beforeAll(async () => {
  // Interval mining like `npm run devnet -- start`: replay must not wait for the 1-second blocks.
  devnet = await startDevnet({ blockTimeSeconds: 1 });
  session = devnetSession(devnet.rpcUrl, devnet.info);
});
afterAll(() => devnet?.stop());

describe("replay", () => {
  it("drives the feeds through the track and advances chain time by the history covered", async () => {
    const t0 = 1_655_078_400;
    const track: ReplayPoint[] = [0, 1, 2, 3].map((h) => ({
      time: t0 + h * 3600,
      WETH: 1400 - h * 50,
      wstETH: (1400 - h * 50) * 1.1,
      LINK: 5 + h / 10,
    }));
    const start = await session.clients.publicClient.getBlock({ blockTag: "latest" });
    const steps: ReplayProgress[] = [];
    await runReplay(session, track, 8, (p) => {
      steps.push(p);
    });
    expect(steps.map((s) => s.index)).toEqual([1, 2, 3, 4]);
    expect(steps.at(-1)?.chainTimestamp).toBeGreaterThanOrEqual(start.timestamp + 3n * 3600n);
    const price = (asset: `0x${string}`) =>
      session.clients.publicClient.readContract({
        address: devnet.info.contracts.aaveOracle,
        abi: aaveOracleAbi,
        functionName: "getAssetPrice",
        args: [asset],
      });
    expect(await price(devnet.info.reserves.WETH.underlying)).toBe(125_000_000_000n);
    expect(await price(devnet.info.reserves.wstETH.underlying)).toBe(137_500_000_000n);
    expect(await price(devnet.info.reserves.LINK.underlying)).toBe(530_000_000n);
    expect(await price(devnet.info.reserves.USDC.underlying)).toBe(100_000_000n);
    // Each step is a round the feed keeps: read back through getRoundData, an hour of chain time apart.
    const feed = devnet.info.reserves.WETH.aggregator;
    const read = (functionName: "latestRoundData") =>
      session.clients.publicClient.readContract({ address: feed, abi: aggregatorAbi, functionName });
    const [latestId] = await read("latestRoundData");
    const rounds = await Promise.all(
      [3n, 2n, 1n, 0n].map((back) =>
        session.clients.publicClient.readContract({
          address: feed,
          abi: aggregatorAbi,
          functionName: "getRoundData",
          args: [latestId - back],
        }),
      ),
    );
    expect(rounds.map(([, answer]) => answer)).toEqual([
      140_000_000_000n,
      135_000_000_000n,
      130_000_000_000n,
      125_000_000_000n,
    ]);
    for (let k = 1; k < rounds.length; k++) {
      expect(rounds[k]![3] - rounds[k - 1]![3]).toBeGreaterThanOrEqual(3600n);
    }
  });
});
