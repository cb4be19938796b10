import { type Address, getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { healthFactorAt, WakeIndex, type WakeRegistration } from "./wakeIndex";

const WETH = getAddress("0x00000000000000000000000000000000000000e1");
const WBTC = getAddress("0x00000000000000000000000000000000000000b1");
const DAI = getAddress("0x00000000000000000000000000000000000000d1");
const key = (a: Address) => a.toLowerCase();
const prices = (weth: number, wbtc: number, dai = 1) =>
  new Map([
    [key(WETH), weth],
    [key(WBTC), wbtc],
    [key(DAI), dai],
  ]);

/** A deterministic pseudo-random sequence (no Math.random: a failure must replay). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomUser(i: number, next: () => number): WakeRegistration {
  const wallet = getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`);
  return {
    address: wallet,
    exposure: [
      { asset: WETH, collateral: 1 + next() * 10 * 0.83, debt: next() < 0.1 ? next() : 0 },
      { asset: WBTC, collateral: next() < 0.5 ? next() * 0.78 : 0, debt: 0 },
      { asset: DAI, collateral: 0, debt: 1_000 + next() * 20_000 },
    ],
    lines: [1, 1.02, 1.5, 1.53],
  };
}

/** Brute force: every user whose HF at `before` and `after` lies on both sides of (or on) one of its lines. */
function expected(
  users: WakeRegistration[],
  before: Map<string, number>,
  after: Map<string, number>,
): string[] {
  return users.flatMap((user, i) => {
    const exposure = new Map(
      user.exposure.map((e) => [key(e.asset), [e.collateral, e.debt] as [number, number]]),
    );
    const a = healthFactorAt(exposure, before);
    const b = healthFactorAt(exposure, after);
    if (a === null || b === null || a === b) return [];
    return user.lines.some((l) => (a - l) * (b - l) <= 0) ? [`u${i}`] : [];
  });
}

describe("WakeIndex: users woken only when a price crosses their line", () => {
  it("wakes exactly the users a one-asset move crosses, found through the levels, not by scanning", () => {
    const next = rng(7);
    const users = Array.from({ length: 2_000 }, (_, i) => randomUser(i, next));
    const index = new WakeIndex();
    for (const [i, user] of users.entries()) index.set(`u${i}`, user);
    let current = prices(3_000, 60_000);
    for (const weth of [2_950, 2_800, 2_850, 2_400, 2_420, 3_100]) {
      const after = prices(weth, 60_000);
      const result = index.crossedBy(current, after);
      expect(result.by).toBe("levels");
      expect(result.ids.sort()).toEqual(expected(users, current, after).sort());
      // Selective: far fewer levels looked at than users (two binary searches and the crossed range).
      expect(result.examined).toBeLessThan(users.length / 2);
      current = after;
    }
    // A small move wakes nobody, looking at (almost) nothing.
    const small = index.crossedBy(current, prices(3_100.01, 60_000));
    expect(small.ids).toEqual(expected(users, current, prices(3_100.01, 60_000)));
  });

  it("a block moving two assets is checked user by user, exactly, and the levels follow the new prices", () => {
    const next = rng(11);
    const users = Array.from({ length: 500 }, (_, i) => randomUser(i, next));
    const index = new WakeIndex();
    for (const [i, user] of users.entries()) index.set(`u${i}`, user);
    const start = prices(3_000, 60_000);
    const both = prices(2_700, 50_000);
    const scan = index.crossedBy(start, both);
    expect(scan.by).toBe("scan");
    expect(scan.ids.length).toBeGreaterThan(0);
    expect(scan.ids.sort()).toEqual(expected(users, start, both).sort());
    // Then one asset again: levels rebuilt at the new reference, still exact.
    const down = prices(2_500, 50_000);
    const again = index.crossedBy(both, down);
    expect(again.by).toBe("levels");
    expect(again.ids.sort()).toEqual(expected(users, both, down).sort());
    // WBTC moves after WETH moved away from the reference: the WBTC levels would be stale, so it scans.
    const btc = prices(2_500, 45_000);
    const third = index.crossedBy(down, btc);
    expect(third.by).toBe("scan");
    expect(third.ids.sort()).toEqual(expected(users, down, btc).sort());
  });

  it("re-registering replaces a user's levels; removing drops them; watchers are found by wallet", () => {
    const index = new WakeIndex();
    const user: WakeRegistration = {
      address: getAddress("0x00000000000000000000000000000000000000aa"),
      exposure: [
        { asset: WETH, collateral: 0.8, debt: 0 }, // 1 WETH at LT 0.8
        { asset: DAI, collateral: 0, debt: 1_600 },
      ],
      lines: [1.2, 1],
    };
    index.set("a", user);
    index.set("b", { ...user, lines: [1.1] });
    expect(index.idsFor("0x00000000000000000000000000000000000000AA").sort()).toEqual(["a", "b"]);
    // HF = 0.8·p / 1600: 1.2 at p = 2400, 1.1 at 2200, 1 at 2000.
    expect(index.crossedBy(prices(2_500, 1), prices(2_350, 1)).ids).toEqual(["a"]);
    expect(index.crossedBy(prices(2_350, 1), prices(2_150, 1)).ids).toEqual(["b"]);
    // Debt repaid to 800: HF 1 now only at 1000.
    index.set("a", { ...user, exposure: [user.exposure[0]!, { asset: DAI, collateral: 0, debt: 800 }] });
    expect(index.crossedBy(prices(2_150, 1), prices(1_990, 1)).ids).toEqual([]);
    expect(index.crossedBy(prices(1_990, 1), prices(1_150, 1)).ids).toEqual(["a"]);
    index.remove("a");
    expect(index.crossedBy(prices(1_150, 1), prices(990, 1)).ids).toEqual([]);
    expect(index.idsFor(user.address)).toEqual(["b"]);
    expect(index.size).toBe(1);
  });

  it("a user with no debt has no level and is never woken by prices", () => {
    const index = new WakeIndex();
    index.set("saver", {
      address: getAddress("0x00000000000000000000000000000000000000bb"),
      exposure: [{ asset: WETH, collateral: 8, debt: 0 }],
      lines: [1, 1.5],
    });
    expect(index.crossedBy(prices(3_000, 1), prices(100, 1)).ids).toEqual([]);
  });
  it("a rule's price level wakes its user when that asset's price passes it, by levels and by scan alike", () => {
    const far = (i: number): WakeRegistration => ({
      address: getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
      // HF 10 at WETH 3,000: no health-factor line near any move below.
      exposure: [
        { asset: WETH, collateral: 10 * 0.83, debt: 0 },
        { asset: DAI, collateral: 0, debt: 2_490 },
      ],
      lines: [1, 1.02],
    });
    const index = new WakeIndex();
    index.set("stop", { ...far(0), priceLevels: [{ asset: WETH, usd: 2_800 }] });
    index.set("takeProfit", { ...far(1), priceLevels: [{ asset: WETH, usd: 3_300 }] });
    index.set("btc", { ...far(2), priceLevels: [{ asset: WBTC, usd: 50_000 }] });
    index.set("plain", far(3));
    // One asset moving: the sorted levels.
    const down = index.crossedBy(prices(3_000, 60_000), prices(2_790, 60_000));
    expect(down).toMatchObject({ by: "levels", ids: ["stop"] });
    expect(index.crossedBy(prices(2_790, 60_000), prices(3_310, 60_000)).ids.sort()).toEqual([
      "stop",
      "takeProfit",
    ]);
    // Two assets at once: the user-by-user check finds price levels too.
    const both = index.crossedBy(prices(3_310, 60_000), prices(3_200, 49_000));
    expect(both.by).toBe("scan");
    expect(both.ids.sort()).toEqual(["btc", "takeProfit"]);
    // Replaced without the level: no longer woken for it.
    index.set("stop", far(0));
    expect(index.crossedBy(prices(3_200, 49_000), prices(2_700, 49_000)).ids).toEqual([]);
  });
});
