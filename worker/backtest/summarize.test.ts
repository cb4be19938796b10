import { describe, expect, it } from "vitest";
import type { BacktestPoint } from "../../shared/schemas/backtest";
import { replay } from "./replay";
import { CRASH, pathOf, position, repayRule } from "./replay.fixture";
import { downsample, notes, verdict } from "./summarize";

const base = { signDelayMinutes: 10, gasPriceGwei: 30, ethUsd: 2000 };
const flat = (r: number) => ({ open: r, high: r, low: r, close: r });

describe("verdict and notes", () => {
  it("says the target was too low, and what the drop needed, when the rule's repay still ends in a liquidation", () => {
    // HF 1.2 at hour 1's close → repay to 1.3 at hour 2's open (ETH 0.75); hour 2's low of 0.5 still liquidates:
    // HF there is 1.3 × 0.5 / 0.75 = 0.867, so about 1.3 / 0.867 = 1.5 would have been needed.
    const path = pathOf([flat(1), flat(0.75), { open: 0.75, high: 0.75, low: 0.5, close: 0.5 }, flat(0.5)]);
    const rule = repayRule({ target: 1.3 });
    const without = replay({ ...base, position: position(), path, rule: null });
    const withRule = replay({ ...base, position: position(), path, rule });
    expect(withRule.summary.liquidations).toBeGreaterThan(0);
    expect(notes("the test window", 4, rule, withRule, 10)).toContain(
      "the target HF 1.3 is below what the test window's drop needed: about 1.50 would have kept the position above 1",
    );
    expect(verdict("the test window", rule, without, withRule)).toMatch(
      /^Liquidated in the test window with and without this rule: with it on 2022-06-01 at 02:10 UTC \(\$[\d,]+ lost to the bonus\), without it on 2022-06-01 at 02:00 UTC/,
    );
  });

  it("calls a rule that fires more than 10 times in 30 days noisy", () => {
    // ETH slides 1 % an hour from −22 %: each repay to 1.26 is undone by the next hours' drop below 1.25.
    const hours = Array.from({ length: 48 }, (_, h) => flat(0.78 * 0.99 ** h));
    const rule = repayRule({ target: 1.26, guards: { cooldownSeconds: 3600 } });
    const withRule = replay({ ...base, position: position(), path: pathOf(hours), rule });
    expect(withRule.summary.proposals).toBeGreaterThanOrEqual(10);
    expect(notes("two days", 48, rule, withRule, 10)[0]).toBe(
      `this rule would have fired ${withRule.summary.proposals} times in 2 days: too noisy to approve each time (a lower trigger or a longer cooldown)`,
    );
    // One proposal in a short window is not noise.
    const once = replay({ ...base, position: position(), path: pathOf(CRASH), rule: repayRule() });
    expect(notes("six hours", 6, repayRule(), once, 10)).toEqual([]);
  });

  it("counts the steps the wallet could not pay", () => {
    const rule = repayRule();
    const withRule = replay({ ...base, position: position({ walletDai: "0" }), path: pathOf(CRASH), rule });
    expect(notes("six hours", 6, rule, withRule, 10)).toContain(
      "1 step could not be paid from what the wallet holds: the rule needs funds there to act",
    );
  });

  it("keeps each bucket's lowest HF when downsampling, so a dip survives", () => {
    const series: BacktestPoint[] = Array.from({ length: 1000 }, (_, i) => ({
      at: new Date(i * 3_600_000).toISOString(),
      healthFactor: i === 617 ? 0.9 : 1.5,
    }));
    const small = downsample(series, 100);
    expect(small).toHaveLength(100);
    expect(Math.min(...small.map((p) => p.healthFactor ?? Infinity))).toBe(0.9);
  });
});
