import { describe, expect, it } from "vitest";
import { devnetChainConfig as devnetChain } from "../../../../shared/chains/devnet";
import { guardsSchema, type Rule, type Trigger } from "../../../../shared/schemas/rules";
import { automationMayIdle, healthFactorLines, priceLevels, rulesFingerprint, wakeable } from "./idleRules";

const rule = (id: string, trigger: Trigger, updatedAt = "2026-12-01T00:00:00.000Z"): Rule => ({
  id,
  name: id,
  enabled: true,
  trigger,
  action: { type: "notify" },
  guards: guardsSchema.parse({}),
  executionCount: 0,
  lastExecutedAt: null,
  cooldownUntil: null,
  lastEvaluatedAt: null,
  lastError: null,
  lastErrorAt: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt,
});

const hf16 = rule("a", { type: "health_factor_below", value: 1.6 });
const hf14 = rule("b", { type: "health_factor_below", value: 1.4 });
const price = rule("c", { type: "price_below", asset: "WETH", usd: 2000 });
const apy = rule("d", { type: "apy_below", protocol: "aave", asset: "USDC", chainId: 31337, percent: 4 });

describe("idle rules", () => {
  it("health-factor and price triggers are what the market object can wake for; APY and risk are not", () => {
    expect(wakeable([hf16, hf14, price])).toBe(true);
    expect(wakeable([hf16, apy])).toBe(false);
    expect(healthFactorLines([hf16, price, hf14])).toEqual([1.6, 1.4]);
  });

  it("a price trigger is a level on the first chain that lists its token, none where no chain does", () => {
    const weth = devnetChain.tokens.find((t) => t.symbol === "WETH");
    expect(priceLevels([hf16, price], [devnetChain])).toEqual([
      { chainId: devnetChain.chainId, asset: weth?.address, usd: 2000 },
    ]);
    expect(priceLevels([rule("e", { type: "price_above", asset: "NOPE", usd: 1 })], [devnetChain])).toEqual(
      [],
    );
  });

  it("the fingerprint changes with the set of rules and with an edit, not with their order", () => {
    expect(rulesFingerprint([hf16, hf14])).toBe(rulesFingerprint([hf14, hf16]));
    expect(rulesFingerprint([hf16])).not.toBe(rulesFingerprint([hf16, hf14]));
    const edited = rule("a", { type: "health_factor_below", value: 1.7 }, "2026-12-01T01:00:00.000Z");
    expect(rulesFingerprint([edited])).not.toBe(rulesFingerprint([hf16]));
  });

  it("sleeps only with wakeable rules found idle for these very rules, woken on need, registered, nothing open", () => {
    const base = {
      rules: [hf16, hf14, price],
      openTransactions: 0,
      idleFor: rulesFingerprint([hf16, hf14, price]),
      wokenOnNeed: true,
      wakesRegistered: () => true,
    };
    expect(automationMayIdle(base)).toBe(true);
    expect(automationMayIdle({ ...base, rules: [] })).toBe(false);
    expect(automationMayIdle({ ...base, openTransactions: 1 })).toBe(false);
    expect(automationMayIdle({ ...base, idleFor: null })).toBe(false);
    expect(automationMayIdle({ ...base, idleFor: rulesFingerprint([hf16]) })).toBe(false);
    expect(automationMayIdle({ ...base, wokenOnNeed: false })).toBe(false);
    expect(automationMayIdle({ ...base, wakesRegistered: () => false })).toBe(false);
    expect(automationMayIdle({ ...base, rules: [hf16, apy], idleFor: rulesFingerprint([hf16, apy]) })).toBe(
      false,
    );
  });
});
