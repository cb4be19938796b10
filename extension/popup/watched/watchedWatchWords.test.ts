import { describe, expect, it } from "vitest";
import type { WatchStatus } from "../../../shared/schemas/watchStatus";
import { watchedWatchWords } from "./watchedWatchWords";

const now = Date.parse("2026-12-03T12:00:00.000Z");
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
const watching: WatchStatus = {
  lastCheckAt: minutesAgo(0.2),
  nextCheckAt: new Date(now + 20_000).toISOString(),
  intervalSeconds: 30,
  chains: [{ chainId: 31337, status: "ok", since: minutesAgo(60) }],
};

describe("a watched account's row says when it is not watched", () => {
  it("says nothing while its watch is fine, or when the API did not say", () => {
    expect(watchedWatchWords(watching, now)).toBeNull();
    expect(watchedWatchWords(undefined, now)).toBeNull();
  });

  it("names the chain it cannot read, and since when", () => {
    const down: WatchStatus = {
      ...watching,
      chains: [{ chainId: 31337, status: "unavailable", since: minutesAgo(12), reason: "the RPC timed out" }],
    };
    expect(watchedWatchWords(down, now)).toBe(
      "Local devnet could not be read for it since 12 min ago: no alerts from there until it is back.",
    );
  });

  it("says when its checks stopped coming, and when nothing watches it", () => {
    expect(watchedWatchWords({ ...watching, lastCheckAt: minutesAgo(3) }, now)).toBe(
      "Its checks are late: last one 3 min ago.",
    );
    const stopped: WatchStatus = {
      ...watching,
      chains: [{ chainId: 31337, status: "not_watched", since: minutesAgo(5) }],
    };
    expect(watchedWatchWords(stopped, now)).toBe("Not being watched on any chain: no alerts for it.");
    expect(watchedWatchWords(null, now)).toBe(
      "Its watch did not answer just now: alerts for it may be late.",
    );
  });
});
