import { describe, expect, it } from "vitest";
import { guardsSchema, type Rule, type Trigger } from "../../../../shared/schemas/rules";
import { automationMayIdle, healthFactorLines, ruleLines, rulesFingerprint } from "./idleRules";

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

describe("idle rules", () => {
  it("only health-factor triggers are lines the market object can wake for", () => {
    expect(ruleLines([hf16, hf14])).toEqual([1.6, 1.4]);
    expect(ruleLines([hf16, price])).toBeNull();
    expect(healthFactorLines([hf16, price, hf14])).toEqual([1.6, 1.4]);
  });

  it("the fingerprint changes with the set of rules and with an edit, not with their order", () => {
    expect(rulesFingerprint([hf16, hf14])).toBe(rulesFingerprint([hf14, hf16]));
    expect(rulesFingerprint([hf16])).not.toBe(rulesFingerprint([hf16, hf14]));
    const edited = rule("a", { type: "health_factor_below", value: 1.7 }, "2026-12-01T01:00:00.000Z");
    expect(rulesFingerprint([edited])).not.toBe(rulesFingerprint([hf16]));
  });

  it("sleeps only with HF rules found idle for these very rules, woken on need, lines registered, nothing open", () => {
    const base = {
      rules: [hf16, hf14],
      openTransactions: 0,
      idleFor: rulesFingerprint([hf16, hf14]),
      wokenOnNeed: true,
      linesRegistered: (lines: readonly number[]) => lines.every((l) => [1, 1.3, 1.4, 1.6].includes(l)),
    };
    expect(automationMayIdle(base)).toBe(true);
    expect(automationMayIdle({ ...base, rules: [] })).toBe(false);
    expect(automationMayIdle({ ...base, openTransactions: 1 })).toBe(false);
    expect(automationMayIdle({ ...base, idleFor: null })).toBe(false);
    expect(automationMayIdle({ ...base, idleFor: rulesFingerprint([hf16]) })).toBe(false);
    expect(automationMayIdle({ ...base, wokenOnNeed: false })).toBe(false);
    expect(automationMayIdle({ ...base, linesRegistered: () => false })).toBe(false);
    expect(
      automationMayIdle({ ...base, rules: [hf16, price], idleFor: rulesFingerprint([hf16, price]) }),
    ).toBe(false);
  });
});
