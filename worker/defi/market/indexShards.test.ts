import { describe, expect, it } from "vitest";
import { indexShardCount, indexShardName, indexShardOf } from "./indexShards";
import { type MarketDurableObject, positionIndexFor } from "./marketObject";

const userId = (i: number) => i.toString(16).padStart(64, "0");

describe("index shards", () => {
  it("reads MARKET_INDEX_SHARDS: absent is 1, a bad value is reported and 1 kept", () => {
    const events: Record<string, unknown>[] = [];
    const log = (event: Record<string, unknown>) => void events.push(event);
    expect(indexShardCount(undefined, log)).toBe(1);
    expect(indexShardCount("16", log)).toBe(16);
    expect(events).toEqual([]);
    for (const bad of ["0", "1.5", "257", "many", ""]) expect(indexShardCount(bad, log)).toBe(1);
    expect(events).toHaveLength(5);
    expect(events[0]).toMatchObject({ level: "warn", value: "0" });
  });

  it("puts a user in the same shard every time, and spreads users evenly", () => {
    expect(indexShardOf(userId(42), 16)).toBe(indexShardOf(userId(42), 16));
    expect(indexShardOf(userId(42), 1)).toBe(0);
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++)
      counts[indexShardOf(userId(i * 7_919), 16)] = (counts[indexShardOf(userId(i * 7_919), 16)] ?? 0) + 1;
    // 1,000 expected per shard; a fair hash stays within ±15 % here (binomial σ ≈ 31).
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(150);
  });

  it("names a shard apart from the chain's coordinator", () => {
    expect(indexShardName(1, 3)).toBe("1/index/3");
    expect(indexShardName(1, 3)).not.toBe(String(1));
  });
});

describe("positionIndexFor: where a user object registers", () => {
  // A namespace that names what it was asked for: the stub is the object's name.
  const markets = {
    getByName: (name: string) => name,
  } as unknown as DurableObjectNamespace<MarketDurableObject>;

  it("is the chain's market object without shards, and the user's shard (passed along) with them", () => {
    expect(positionIndexFor(markets, 1, userId(7), 1)).toEqual({ stub: "1", shard: undefined });
    const sharded = positionIndexFor(markets, 1, userId(7), 8);
    expect(sharded.shard).toBe(indexShardOf(userId(7), 8));
    expect(sharded.stub).toBe(`1/index/${sharded.shard}`);
  });
});
