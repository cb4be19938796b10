import { describe, expect, it } from "vitest";
import { replay } from "./replay";
import { CRASH, pathOf, position, repayRule, T0 } from "./replay.fixture";

const at = (hour: number) => new Date((T0 + hour * 3600) * 1000).toISOString();
const base = { signDelayMinutes: 10, gasPriceGwei: 30, ethUsd: 2000 };

describe("replay: hand-computed cases", () => {
  it("a −40 % ETH low liquidates the position in hour 4: half the debt repaid, 4.375 WETH seized, $250 bonus lost", () => {
    const result = replay({ ...base, position: position(), path: pathOf(CRASH), rule: null });
    // HF at the close: 1.6, 1.44, 1.28, 1.2, then after the liquidation 5.625 WETH × 1,240 × 0.8 / 5,000 = 1.116.
    expect(result.series.map((p) => p.healthFactor?.toFixed(3))).toEqual([
      "1.600",
      "1.440",
      "1.280",
      "1.200",
      "1.116",
      "1.116",
    ]);
    const liquidations = result.events.filter((e) => e.type === "liquidation");
    expect(liquidations).toHaveLength(1);
    expect(liquidations[0]?.at).toBe(at(4));
    // At the low: HF 12,000 × 0.8 / 10,000 = 0.96 > 0.95 → close factor 50 %: 5,000 DAI repaid,
    // 5,000 / 1,200 × 1.05 = 4.375 WETH seized ($5,250), and afterwards 5.625 × 1,200 × 0.8 / 5,000 = 1.08.
    expect(liquidations[0]?.debtRepaidUsd).toBeCloseTo(5000, 6);
    expect(liquidations[0]?.collateralSeizedUsd).toBeCloseTo(5250, 6);
    expect(liquidations[0]?.healthFactor).toBeCloseTo(1.08, 9);
    expect(liquidations[0]?.message).toMatch(/5,000 DAI repaid .* 4\.375 WETH seized \(close factor 50 %\)/);
    expect(result.summary).toMatchObject({
      liquidations: 1,
      firstLiquidationAt: at(4),
      collateralSeizedUsd: 5250,
      bonusLostUsd: 250,
      proposals: 0,
      gasSpentUsd: 0,
      // 20,000 − 10,000 + 5,000 DAI in the wallet.
      startValueUsd: 15_000,
      // 5.625 WETH × 1,240 − 5,000 DAI + 5,000 DAI in the wallet.
      endValueUsd: 6975,
    });
    expect(result.summary.minHealthFactor).toBeCloseTo(0.96, 9);
  });

  it("a repay rule (HF < 1.25 → 1.6) fires at hour 3's close, repays 2,505 DAI at hour 4's open and survives the low", () => {
    const result = replay({ ...base, position: position(), path: pathOf(CRASH), rule: repayRule() });
    const kinds = result.events.map((e) => [e.type, e.at]);
    // Proposed at the close of hour 3 (= 04:00), signed 10 minutes later in hour 4, executed at its open price.
    expect(kinds).toEqual([
      ["proposal", at(4)],
      ["executed", new Date((T0 + 4 * 3600 + 600) * 1000).toISOString()],
    ]);
    // 12,000 × 0.8 / 1.6 = 7,500 allowed → 2,500 DAI + the planner's 0.2 % margin = 2,505 DAI.
    expect(result.events[1]?.message).toBe("repaid 2,505 DAI");
    expect(result.events[1]?.amountUsd).toBe(2505);
    // Gas: 230,000 × 30 gwei × $1,500 (ETH at hour 4's open) = $10.35.
    expect(result.events[1]?.gasUsd).toBe(10.35);
    // At hour 4's low: 12,000 × 0.8 / 7,495 = 1.2809 — no liquidation; the lowest HF was hour 3's low (1.2).
    expect(result.summary.liquidations).toBe(0);
    expect(result.events[1]?.healthFactor).toBeCloseTo(12_000 / 7495, 9);
    expect(result.summary.minHealthFactor).toBeCloseTo(1.2, 9);
    expect(result.summary).toMatchObject({ proposals: 1, executed: 1, gasSpentUsd: 10.35 });
    // 10 WETH × 1,240 − 7,495 DAI + 2,495 DAI left in the wallet.
    expect(result.summary.endValueUsd).toBe(7400);
  });

  it("a cooldown suppresses the second proposal a further drop would make", () => {
    // Target 1.3 leaves HF just above the trigger; hour 4 then closes at 0.7 (HF 1.2135 < 1.25) without a liquidation.
    const path = pathOf([
      ...CRASH.slice(0, 4),
      { open: 0.75, high: 0.75, low: 0.7, close: 0.7 },
      { open: 0.7, high: 0.7, low: 0.7, close: 0.7 },
    ]);
    const short = replay({
      ...base,
      position: position(),
      path,
      rule: repayRule({ target: 1.3, guards: { cooldownSeconds: 3600 } }),
    });
    expect(short.events.filter((e) => e.type === "proposal").map((e) => e.at)).toEqual([at(4), at(5)]);
    const long = replay({
      ...base,
      position: position(),
      path,
      rule: repayRule({ target: 1.3, guards: { cooldownSeconds: 86_400 } }),
    });
    expect(long.events.filter((e) => e.type === "proposal").map((e) => e.at)).toEqual([at(4)]);
    expect(long.summary.minHealthFactor).toBeLessThan(1.25);
  });

  it("the gas guard blocks a proposal whose gas costs more than the rule allows, and the crash then liquidates", () => {
    // 230,000 gas × 30 gwei × $1,500 = $10.35 > $5.
    const result = replay({
      ...base,
      position: position(),
      path: pathOf(CRASH),
      rule: repayRule({ guards: { maxGasUsd: 5 } }),
    });
    expect(result.events.map((e) => e.type)).toEqual(["skipped", "liquidation"]);
    expect(result.events[0]?.message).toBe("not proposed: gas would cost $10.35, above the rule's max $5");
    expect(result.events[0]?.at).toBe(at(4));
  });

  it("a repay the wallet cannot fund is shown as such, not assumed", () => {
    const result = replay({
      ...base,
      position: position({ walletDai: "0" }),
      path: pathOf(CRASH),
      rule: repayRule(),
    });
    expect(result.events[0]?.type).toBe("skipped");
    expect(result.events[0]?.message).toMatch(/your wallet holds no DAI to repay with/);
    expect(result.summary.liquidations).toBe(1);
    // A wallet holding less than the plan: the repay is capped at what it holds.
    const partial = replay({
      ...base,
      position: position({ walletDai: "1000" }),
      path: pathOf(CRASH),
      rule: repayRule(),
    });
    expect(partial.events.find((e) => e.type === "executed")?.message).toBe("repaid 1,000 DAI");
    // 9,600 / 9,000 = 1.0667 at hour 4's low: survives with less margin.
    expect(partial.summary.liquidations).toBe(0);
    expect(partial.summary.minHealthFactor).toBeCloseTo(9600 / 9000, 9);
  });

  it("debt accrues at the stated current rate: a flat year at 5 % borrow rate compounds the DAI debt", () => {
    const year = Array.from({ length: 24 * 365 }, () => ({ open: 1, high: 1, low: 1, close: 1 }));
    const result = replay({
      ...base,
      position: position({ borrowRate: 0.05 }),
      path: pathOf(year),
      rule: null,
    });
    // e^0.05 ≈ 1.05127 (Aave's per-second compounding, 3-term approximation): HF 16,000 / 10,512.7.
    expect(result.series.at(-1)?.healthFactor).toBeCloseTo(16_000 / (10_000 * Math.exp(0.05)), 4);
  });

  it("below HF 0.95 the close factor is 100 %", () => {
    const deep = pathOf([
      { open: 1, high: 1, low: 1, close: 1 },
      { open: 1, high: 1, low: 0.55, close: 0.55 },
    ]);
    const result = replay({ ...base, position: position(), path: deep, rule: null });
    const first = result.events.find((e) => e.type === "liquidation");
    // HF 11,000 × 0.8 / 10,000 = 0.88: all 10,000 DAI may be repaid; 10,000 / 1,100 × 1.05 = 9.545 WETH seized.
    expect(first?.debtRepaidUsd).toBeCloseTo(10_000, 6);
    expect(first?.collateralSeizedUsd).toBeCloseTo(10_500, 6);
    expect(first?.healthFactor).toBeNull();
    // Token amounts read as on every other screen: four decimals (not "9.545454 WETH").
    expect(first?.message).toMatch(/: 10,000 DAI repaid by the liquidator, 9\.5455 WETH seized /);
  });

  it("the rule's max amount caps the repay, as the live planner caps it", () => {
    const result = replay({
      ...base,
      position: position(),
      path: pathOf(CRASH),
      rule: repayRule({ guards: { maxAmountUsd: 1000 } }),
    });
    expect(result.events.find((e) => e.type === "executed")?.message).toBe("repaid 1,000 DAI");
    // 9,600 / 9,000 at hour 4's low: still above 1.
    expect(result.summary.liquidations).toBe(0);
  });

  it("a signature later than the proposal's expiry never executes", () => {
    const result = replay({
      ...base,
      signDelayMinutes: 20,
      position: position(),
      path: pathOf(CRASH),
      rule: repayRule({ guards: { proposalExpirySeconds: 900 } }),
    });
    // Proposed at 04:00, would be signed at 04:20 (after its 15 minutes): the crash then liquidates; after it
    // HF 1.116 < 1.25 proposes again each hour, and each expires the same way.
    expect(result.events.slice(0, 3).map((e) => e.type)).toEqual(["proposal", "skipped", "liquidation"]);
    expect(result.events[1]?.message).toBe("the proposal expired before it was signed (expiry 15 min)");
    expect(result.events.some((e) => e.type === "executed")).toBe(false);
  });
});
