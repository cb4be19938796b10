import { describe, expect, it } from "vitest";
import type { Liquidation } from "../../../shared/schemas/ws";
import {
  dismissLiquidation,
  MAX_RECENT_LIQUIDATIONS,
  RECENT_LIQUIDATION_MS,
  shownLiquidations,
  withLiquidation,
  withoutLiquidation,
} from "./recentLiquidations";

const ACCOUNT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const;
const NOW = Date.parse("2026-12-01T04:00:00.000Z");

const liquidation = (n: number): Liquidation => ({
  txHash: `0x${n.toString(16).padStart(64, "0")}`,
  logIndex: 2,
  blockNumber: String(1000 + n),
  at: Date.parse("2025-01-01T00:00:00.000Z"), // the chain's clock: a devnet's is far behind
  collateralSeized: { symbol: "WETH", asset: ACCOUNT, amount: "1.05", usd: 2_100 },
  debtRepaid: { symbol: "DAI", asset: ACCOUNT, amount: "2000", usd: 2_000 },
  bonusUsd: 100,
  liquidator: ACCOUNT,
});
const entry = (n: number, seenAt = NOW) => ({
  account: ACCOUNT,
  chainId: 1,
  liquidation: liquidation(n),
  seenAt,
});
const key = (n: number) => ({ chainId: 1, txHash: liquidation(n).txHash, logIndex: 2 });

describe("recent liquidations", () => {
  it("keeps one entry per liquidation however often it is replayed, newest first", () => {
    let list = withLiquidation([], entry(1, NOW - 60_000), NOW);
    list = withLiquidation(list, entry(2), NOW);
    list = withLiquidation(list, entry(1, NOW), NOW); // the same alert replayed later
    expect(list.map((e) => e.liquidation.blockNumber)).toEqual(["1002", "1001"]);
    expect(list[1]?.seenAt).toBe(NOW - 60_000);
  });

  it("counts the week from when Vigil saw it, not from the block's clock", () => {
    const list = withLiquidation([], entry(1), NOW);
    expect(shownLiquidations(list, NOW + 60_000)).toHaveLength(1);
    expect(shownLiquidations(list, NOW + RECENT_LIQUIDATION_MS + 1)).toEqual([]);
    expect(
      withLiquidation(list, entry(2, NOW + RECENT_LIQUIDATION_MS + 1), NOW + RECENT_LIQUIDATION_MS + 1),
    ).toHaveLength(1);
  });

  it("unsays a liquidation the chain undid, and only that one", () => {
    const list = withLiquidation(withLiquidation([], entry(1), NOW), entry(2), NOW);
    expect(withoutLiquidation(list, key(1)).map((e) => e.liquidation.blockNumber)).toEqual(["1002"]);
    expect(withoutLiquidation(list, { ...key(1), logIndex: 3 })).toHaveLength(2);
    expect(withoutLiquidation(list, { ...key(1), chainId: 8453 })).toHaveLength(2);
  });

  it("hides a dismissed one, and a replay does not bring it back", () => {
    let list = dismissLiquidation(withLiquidation([], entry(1), NOW), key(1));
    expect(shownLiquidations(list, NOW)).toEqual([]);
    list = withLiquidation(list, entry(1), NOW);
    expect(shownLiquidations(list, NOW)).toEqual([]);
  });

  it("keeps the newest few", () => {
    let list: ReturnType<typeof withLiquidation> = [];
    for (let n = 0; n < MAX_RECENT_LIQUIDATIONS + 3; n++)
      list = withLiquidation(list, entry(n, NOW + n), NOW + n);
    expect(list).toHaveLength(MAX_RECENT_LIQUIDATIONS);
    expect(list[0]?.liquidation.blockNumber).toBe(String(1000 + MAX_RECENT_LIQUIDATIONS + 2));
  });
});
