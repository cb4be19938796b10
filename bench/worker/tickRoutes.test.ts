import { describe, expect, it } from "vitest";
import { evaluateTrigger, type TriggerContext } from "../../shared/automation/evaluateTrigger";
import { BENCH_RULES } from "./tickRoutes";

/** The bench positions: HF 1.6–2.8, devnet ETH price, DAI supply APY of a few percent. */
const benchContext = (healthFactor: number): TriggerContext => ({
  supplyApy: () => 0.04,
  borrowApy: () => 0.06,
  healthFactor,
  riskProbability: () => 0.01,
  priceUsd: (asset) => (asset === "WETH" ? 3000 : 1),
});

describe("BENCH_RULES", () => {
  it("are three valid rules, the free tier's maximum", () => {
    expect(BENCH_RULES).toHaveLength(3);
    expect(new Set(BENCH_RULES.map((r) => r.trigger.type))).toEqual(
      new Set(["health_factor_below", "price_below", "apy_above"]),
    );
    for (const rule of BENCH_RULES) expect(rule.enabled).toBe(true);
  });

  it("stay idle on the bench positions, so a tick measures evaluation and never builds a proposal", () => {
    for (const hf of [1.6, 2.2, 2.8])
      for (const rule of BENCH_RULES)
        expect(evaluateTrigger(rule.trigger, benchContext(hf)).status, rule.name).toBe("idle");
  });

  it("would fire when their conditions hold (they are live rules, not dead ones)", () => {
    const crashed: TriggerContext = {
      ...benchContext(1.1),
      supplyApy: () => 0.6,
      priceUsd: () => 50,
    };
    for (const rule of BENCH_RULES)
      expect(evaluateTrigger(rule.trigger, crashed).status, rule.name).toBe("holds");
  });
});
