import { describe, expect, it } from "vitest";
import { toUpstreamError } from "./client";
import { checkHeadAge, MAX_HEAD_AGE_SECONDS } from "./headAge";

const NOW = Date.UTC(2026, 11, 2, 19);
const secondsAgo = (s: number) => BigInt(Math.floor(NOW / 1000) - s);

describe("checkHeadAge", () => {
  it("a real chain's node whose newest block is over 10 min old is stuck: 503 with its age", () => {
    const mainnet = { isDevnet: false };
    expect(() => checkHeadAge(mainnet, secondsAgo(MAX_HEAD_AGE_SECONDS - 5), NOW)).not.toThrow();
    let error: unknown = null;
    try {
      checkHeadAge(mainnet, secondsAgo(45 * 60), NOW);
    } catch (e) {
      error = e;
    }
    expect(toUpstreamError(error, "Reading the Aave market")).toMatchObject({
      status: 503,
      shortMessage: "Reading the Aave market: the chain's RPC is behind (its newest block is 45 min old).",
    });
  });

  it("never judges the devnet, whose clock is its own", () => {
    expect(() => checkHeadAge({ isDevnet: true }, secondsAgo(400 * 24 * 3600), NOW)).not.toThrow();
  });
});
