import { describe, expect, it } from "vitest";
import { SingleFlightCache } from "./marketCache";

describe("SingleFlightCache", () => {
  it("serves within the TTL, reloads after it, and reports hit and age", async () => {
    let now = 1_000_000;
    const cache = new SingleFlightCache<number>(30_000, () => now);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get("k", load)).toEqual({ value: 1, hit: false, ageSeconds: 0 });
    now += 29_999;
    expect(await cache.get("k", load)).toEqual({ value: 1, hit: true, ageSeconds: 29.999 });
    now += 1;
    expect(await cache.get("k", load)).toEqual({ value: 2, hit: false, ageSeconds: 0 });
    expect(cache.loadCount).toBe(2);
  });

  it("coalesces concurrent misses into one load", async () => {
    const cache = new SingleFlightCache<string>(30_000);
    let loads = 0;
    let release: (value: string) => void = () => {};
    const pending = new Promise<string>((resolve) => {
      release = resolve;
    });
    const load = () => {
      loads += 1;
      return pending;
    };
    const readers = Array.from({ length: 50 }, () => cache.get("market", load));
    release("snapshot");
    const results = await Promise.all(readers);
    expect(loads).toBe(1);
    expect(results.every((r) => r.value === "snapshot")).toBe(true);
  });

  it("does not cache a failed load: the next caller tries again", async () => {
    const cache = new SingleFlightCache<number>(30_000);
    await expect(cache.get("k", () => Promise.reject(new Error("rpc down")))).rejects.toThrow("rpc down");
    expect(await cache.get("k", async () => 7)).toMatchObject({ value: 7, hit: false });
  });

  it("invalidate forgets one key", async () => {
    const cache = new SingleFlightCache<number>(30_000);
    await cache.get("a", async () => 1);
    cache.invalidate("a");
    expect(await cache.get("a", async () => 2)).toMatchObject({ value: 2, hit: false });
  });

  it("invalidate during a load: the next get does not join the old load, and the old result is not kept", async () => {
    const cache = new SingleFlightCache<string>(30_000);
    let release: (value: string) => void = () => {};
    const slow = cache.get("market", () => new Promise<string>((resolve) => (release = resolve)));
    cache.invalidate("market"); // e.g. a new block moved a price while the old read was on its way
    const fresh = cache.get("market", async () => "after the block");
    release("before the block");
    expect((await slow).value).toBe("before the block");
    expect((await fresh).value).toBe("after the block");
    expect(await cache.get("market", async () => "unexpected reload")).toMatchObject({
      value: "after the block",
      hit: true,
    });
  });
});
