import { describe, expect, it } from "vitest";
import { ruleCheckedText } from "./ruleCheckedText";

const now = Date.parse("2026-12-01T12:00:00.000Z");
const hfRule = { trigger: { type: "health_factor_below" as const, value: 1.6 } };

describe("ruleCheckedText", () => {
  it("a sleeping health-factor rule is watched every block, whatever its last evaluation's age", () => {
    expect(
      ruleCheckedText({ ...hfRule, asleep: true, lastEvaluatedAt: "2026-12-01T11:15:00.000Z" }, now),
    ).toBe(" · watched every block for HF < 1.60");
  });

  it("a sleeping price rule names its price", () => {
    const rule = { trigger: { type: "price_below" as const, asset: "WETH", usd: 2800 }, asleep: true };
    expect(ruleCheckedText({ ...rule, lastEvaluatedAt: null }, now)).toBe(
      " · watched every block for WETH < $2,800.00",
    );
  });

  it("otherwise the age of the last evaluation, or nothing before the first", () => {
    const text = ruleCheckedText({ ...hfRule, lastEvaluatedAt: "2026-12-01T11:59:40.000Z" }, now);
    expect(text.startsWith(" · checked ")).toBe(true);
    expect(text).not.toContain("watched");
    expect(ruleCheckedText({ ...hfRule, asleep: false, lastEvaluatedAt: null }, now)).toBe("");
  });
});
