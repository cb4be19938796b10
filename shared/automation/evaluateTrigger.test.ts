import { describe, expect, it } from "vitest";
import { evaluateTrigger, type TriggerContext } from "./evaluateTrigger";
import { cooldownElapsed, proposalKey } from "./proposalKey";

const context: TriggerContext = {
  supplyApy: (protocol, _chainId, asset) => (protocol === "aave" && asset === "USDC" ? 0.021 : null),
  borrowApy: (protocol, _chainId, asset) => (protocol === "aave" && asset === "USDC" ? 0.054 : null),
  healthFactor: 1.18,
  riskProbability: (horizon) => (horizon === "24h" ? 0.12 : null),
  priceUsd: (asset) => (asset === "WETH" ? 3100 : null),
};

describe("evaluateTrigger", () => {
  it("holds, stays idle or says it cannot tell, with the reason in words", () => {
    const apy = { protocol: "aave", asset: "USDC", chainId: 31337 } as const;
    expect(evaluateTrigger({ type: "apy_below", ...apy, percent: 4 }, context)).toEqual({
      status: "holds",
      observed: 0.021,
      reason: "USDC supply APY on Aave is 2.10 %, below 4 %",
    });
    expect(evaluateTrigger({ type: "apy_above", ...apy, percent: 4 }, context)).toEqual({
      status: "idle",
      observed: 0.021,
    });
    // The borrow APY is what the user pays: 5.40 % is above 4 %.
    expect(evaluateTrigger({ type: "apy_above", ...apy, rate: "borrow", percent: 4 }, context)).toEqual({
      status: "holds",
      observed: 0.054,
      reason: "USDC borrow APY on Aave is 5.40 %, above 4 %",
    });
    expect(evaluateTrigger({ type: "apy_below", ...apy, asset: "DAI", percent: 4 }, context).status).toBe(
      "unknown",
    );
    expect(evaluateTrigger({ type: "health_factor_below", value: 1.2 }, context)).toMatchObject({
      status: "holds",
      reason: "health factor is 1.18, below 1.2",
    });
    expect(evaluateTrigger({ type: "health_factor_below", value: 1.1 }, context).status).toBe("idle");
    expect(
      evaluateTrigger({ type: "health_factor_below", value: 1.1 }, { ...context, healthFactor: null }).status,
    ).toBe("idle");
    expect(evaluateTrigger({ type: "risk_above", probability: 0.1, horizon: "24h" }, context).status).toBe(
      "holds",
    );
    expect(evaluateTrigger({ type: "risk_above", probability: 0.1, horizon: "7d" }, context).status).toBe(
      "unknown",
    );
    expect(evaluateTrigger({ type: "price_below", asset: "WETH", usd: 3200 }, context)).toMatchObject({
      status: "holds",
      reason: "WETH is $3,100.00, below $3,200.00",
    });
    // Money reads as on every other screen: two decimals, never "$3,100.5".
    expect(
      evaluateTrigger(
        { type: "price_below", asset: "WETH", usd: 3200 },
        { ...context, priceUsd: () => 3100.5 },
      ),
    ).toMatchObject({ status: "holds", reason: "WETH is $3,100.50, below $3,200.00" });
    expect(evaluateTrigger({ type: "price_above", asset: "WETH", usd: 3200 }, context).status).toBe("idle");
  });
});

describe("proposalKey", () => {
  it("is the same for every run inside one cooldown window and differs across windows", () => {
    const t = 1_700_000_000_000;
    expect(proposalKey("r", t, 3600)).toBe(proposalKey("r", t + 1000, 3600));
    expect(proposalKey("r", t, 3600)).not.toBe(proposalKey("r", t + 3_600_000, 3600));
    expect(proposalKey("r", t, 3600)).not.toBe(proposalKey("s", t, 3600));
  });

  it("cooldown counts from the last execution", () => {
    expect(cooldownElapsed(null, 60, 0)).toBe(true);
    expect(cooldownElapsed(new Date(0).toISOString(), 60, 59_999)).toBe(false);
    expect(cooldownElapsed(new Date(0).toISOString(), 60, 60_000)).toBe(true);
  });
});
