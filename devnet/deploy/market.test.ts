import { describe, expect, it } from "vitest";
import { DEVNET_RESERVE_SYMBOLS } from "../../shared/chains/devnet";
import { MARKET, RESERVE_SYMBOLS, reserveDefinition, usdToFeedAnswer } from "./market";

describe("devnet market definition", () => {
  it("matches the shared list of reserves and keeps Aave's invariants", () => {
    expect(RESERVE_SYMBOLS).toEqual(DEVNET_RESERVE_SYMBOLS);
    for (const r of MARKET) {
      expect(r.ltvBps).toBeLessThanOrEqual(r.liquidationThresholdBps);
      // Aave: liquidationThreshold × (1 + bonus) ≤ 100 %.
      expect((r.liquidationThresholdBps * (10_000 + r.liquidationBonusBps)) / 10_000).toBeLessThanOrEqual(
        10_000,
      );
    }
    expect(reserveDefinition("weth")).toMatchObject({
      ltvBps: 8000,
      liquidationThresholdBps: 8250,
      liquidationBonusBps: 500,
    });
    expect(reserveDefinition("USDC").decimals).toBe(6);
  });
  it("encodes USD as an 8-decimal feed answer", () => {
    expect(usdToFeedAnswer(3350)).toBe(335_000_000_000n);
    expect(usdToFeedAnswer(0.99995)).toBe(99_995_000n);
    expect(() => usdToFeedAnswer(0)).toThrow(/positive/);
  });
});
