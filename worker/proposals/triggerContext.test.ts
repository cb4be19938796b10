import { describe, expect, it } from "vitest";
import { devnetChainConfig } from "../../shared/chains/devnet";
import type { AaveMarketSnapshot } from "../defi/aave/snapshots";
import { marketObject } from "../test/devnet";
import { buildTriggerContext } from "./triggerContext";

async function devnetMarket(): Promise<AaveMarketSnapshot> {
  const outcome = await marketObject().aaveMarket(31337);
  if (!outcome.ok) throw new Error(outcome.failure.message);
  return outcome.value.value;
}

describe("buildTriggerContext", () => {
  it("reads APYs and prices of the named asset from the chain's market, and nothing it does not have", async () => {
    const market = await devnetMarket();
    const context = buildTriggerContext({
      chains: [devnetChainConfig],
      markets: new Map([[31337, market]]),
      healthFactor: 1.42,
      risks: new Map([["24h", 0.07]]),
    });
    // The devnet seeds WETH at $3,350 and USDC at $1 (devnet/seed): the oracle answers are read back.
    expect(context.priceUsd("WETH")).toBeCloseTo(3350, 6);
    expect(context.priceUsd("USDC")).toBeCloseTo(1, 6);
    expect(context.priceUsd("FOO")).toBeNull();
    const usdcApy = context.supplyApy("aave", 31337, "USDC");
    expect(usdcApy).toBeGreaterThan(0);
    expect(usdcApy).toBeLessThan(1);
    expect(context.supplyApy("eigenlayer", 31337, "wstETH")).toBeNull();
    expect(context.supplyApy("aave", 1, "USDC")).toBeNull();
    // Borrowers pay more than suppliers earn (the reserve factor and utilisation below 100 %).
    const usdcBorrowApy = context.borrowApy("aave", 31337, "USDC");
    expect(usdcBorrowApy).toBeGreaterThan(usdcApy ?? 1);
    expect(usdcBorrowApy).toBeLessThan(1);
    expect(context.borrowApy("eigenlayer", 31337, "USDC")).toBeNull();
    expect(context.healthFactor).toBe(1.42);
    expect(context.riskProbability("24h")).toBe(0.07);
    expect(context.riskProbability("7d")).toBeNull();
  });

  it("a chain whose market could not be read this tick knows no APY and no price", () => {
    const context = buildTriggerContext({
      chains: [devnetChainConfig],
      markets: new Map(),
      healthFactor: null,
      risks: new Map(),
    });
    expect(context.supplyApy("aave", 31337, "USDC")).toBeNull();
    expect(context.borrowApy("aave", 31337, "USDC")).toBeNull();
    expect(context.priceUsd("WETH")).toBeNull();
    expect(context.healthFactor).toBeNull();
  });
});
