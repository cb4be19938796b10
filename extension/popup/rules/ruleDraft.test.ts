import { describe, expect, it } from "vitest";
import { ruleCreateSchema } from "../../../shared/schemas/rules";
import {
  chainChoices,
  describeRule,
  draftProblems,
  draftToBody,
  emptyDraft,
  fieldErrorsByPath,
  inputPaths,
  numberInput,
  ruleToDraft,
} from "./ruleDraft";

describe("numberInput", () => {
  it("leaves out empty text, converts numbers, keeps anything else as typed for the API to reject", () => {
    expect(numberInput("  ")).toBeUndefined();
    expect(numberInput(" 1.5 ")).toBe(1.5);
    expect(numberInput("abc")).toBe("abc");
  });
});

describe("draftToBody", () => {
  it("builds a repay rule the shared schema accepts", () => {
    const draft = {
      ...emptyDraft(31337),
      name: "Repay DAI",
      healthFactor: "1.4",
      actionType: "repay" as const,
      actionAsset: "DAI",
      targetHealthFactor: "1.8",
      maxAmountUsd: "500",
    };
    const body = draftToBody(draft);
    expect(body).toEqual({
      name: "Repay DAI",
      enabled: true,
      trigger: { type: "health_factor_below", value: 1.4 },
      action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 1.8 },
      guards: { maxAmountUsd: 500, cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
    });
    expect(ruleCreateSchema.safeParse(body).success).toBe(true);
  });

  it("sends only the selected trigger's fields", () => {
    const body = draftToBody({
      ...emptyDraft(1),
      name: "ETH dip",
      triggerType: "price_below",
      triggerAsset: " WETH ",
      priceUsd: "2500",
      healthFactor: "9",
    });
    expect(body.trigger).toEqual({ type: "price_below", asset: "WETH", usd: 2500 });
    expect(body.action).toEqual({ type: "notify" });
  });

  it("round-trips through a saved rule", () => {
    const body = ruleCreateSchema.parse(
      draftToBody({
        ...emptyDraft(1),
        name: "APY",
        triggerType: "apy_below",
        triggerAsset: "USDC",
        percent: "4",
        actionType: "rebalance",
        actionAsset: "wstETH",
      }),
    );
    const rule = {
      ...body,
      id: "7b0d3c1e-2f4a-4c5b-9d6e-1a2b3c4d5e6f",
      executionCount: 0,
      lastExecutedAt: null,
      cooldownUntil: null,
      lastEvaluatedAt: null,
      lastError: null,
      lastErrorAt: null,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    expect(draftToBody(ruleToDraft(rule, 31337))).toEqual(draftToBody(ruleToDraft(rule, 1)));
    expect(ruleCreateSchema.parse(draftToBody(ruleToDraft(rule, 31337)))).toEqual(body);
  });
});

describe("fieldErrorsByPath", () => {
  it("keys the API's messages by body path and joins two on one path", () => {
    expect(
      fieldErrorsByPath([
        { path: "trigger.value", message: "must be above 1" },
        { path: "body.name", message: "must not be empty" },
        { path: "trigger.value", message: "must be a number" },
      ]),
    ).toEqual({ "trigger.value": "must be above 1; must be a number", name: "must not be empty" });
  });
});

describe("inputPaths", () => {
  it("lists the inputs shown for the selected trigger and action", () => {
    const paths = inputPaths({ ...emptyDraft(1), actionType: "repay" });
    expect(paths).toContain("trigger.value");
    expect(paths).toContain("action.targetHealthFactor");
    expect(paths).not.toContain("trigger.usd");
  });
});

describe("describeRule", () => {
  it("reads as one sentence", () => {
    expect(
      describeRule({
        trigger: { type: "health_factor_below", value: 1.5 },
        action: { type: "repay", chainId: 31337, asset: "DAI", targetHealthFactor: 2 },
      }),
    ).toBe("When HF < 1.50 → propose repaying DAI from your wallet up to HF 2.00 (Local devnet)");
    // The rule's limit is part of what it will do.
    expect(
      describeRule({
        trigger: { type: "health_factor_below", value: 1.3 },
        action: { type: "supply_collateral", chainId: 31337, asset: "WETH", targetHealthFactor: 1.6 },
        guards: { maxAmountUsd: 2000 },
      }),
    ).toBe(
      "When HF < 1.30 → propose supplying WETH from your wallet up to HF 1.60, at most $2,000.00 each time (Local devnet)",
    );
    expect(
      describeRule({
        trigger: { type: "apy_below", protocol: "aave", asset: "USDC", chainId: 31337, percent: 4 },
        action: { type: "rebalance", chainId: 31337, asset: "wstETH" },
        guards: { maxAmountUsd: 5000 },
      }),
    ).toBe(
      "When USDC supply APY < 4 % (Aave, Local devnet) → propose restaking wstETH from Aave on EigenLayer, at most $5,000.00 each time (Local devnet)",
    );
    expect(
      describeRule({
        trigger: { type: "risk_above", probability: 0.25, horizon: "7d" },
        action: { type: "notify" },
      }),
    ).toBe("When risk > 25 % in 7d → notify me");
  });
});

describe("the form's words", () => {
  it("takes the chance of liquidation as a percent and sends the API its fraction", () => {
    const draft = { ...emptyDraft(1), name: "Risk", triggerType: "risk_above" as const, probability: "25" };
    const body = ruleCreateSchema.parse(draftToBody(draft));
    expect(body.trigger).toEqual({ type: "risk_above", probability: 0.25, horizon: "24h" });
    const rule = {
      ...body,
      id: "7b0d3c1e-2f4a-4c5b-9d6e-1a2b3c4d5e6f",
      executionCount: 0,
      lastExecutedAt: null,
      cooldownUntil: null,
      lastEvaluatedAt: null,
      lastError: null,
      lastErrorAt: null,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    expect(ruleToDraft(rule, 1).probability).toBe("25");
    expect(draftProblems({ ...draft, probability: "0.25" })).toEqual({});
    expect(draftProblems({ ...draft, probability: "100" })).toEqual({
      "trigger.probability": "Enter a chance between 0 and 100 %, e.g. 25",
    });
  });

  it("refuses a target health factor at or below the trigger, by its input", () => {
    const draft = {
      ...emptyDraft(1),
      healthFactor: "1.5",
      actionType: "repay" as const,
      actionAsset: "DAI",
      targetHealthFactor: "1.4",
    };
    expect(draftProblems(draft)).toEqual({
      "action.targetHealthFactor":
        "Must be above the trigger's health factor 1.5: stopping at or below where the rule fires would fire it again, or leave it nothing to do",
    });
    expect(draftProblems({ ...draft, targetHealthFactor: "1.5" })).toHaveProperty(
      "action.targetHealthFactor",
    );
    expect(draftProblems({ ...draft, targetHealthFactor: "1.6" })).toEqual({});
  });

  it("asks for the action's asset before the API is asked, except for a notification", () => {
    const draft = {
      ...emptyDraft(1),
      actionType: "repay" as const,
      actionAsset: "",
      targetHealthFactor: "2",
    };
    expect(draftProblems(draft)).toEqual({ "action.asset": "Choose the asset this action uses" });
    expect(draftProblems({ ...draft, actionType: "notify" })).toEqual({});
  });

  it("names the APY it watches and offers chains by name, the account's first", () => {
    expect(
      describeRule({
        trigger: { type: "apy_below", protocol: "aave", asset: "USDC", chainId: 8453, percent: 4 },
        action: { type: "notify" },
      }),
    ).toBe("When USDC supply APY < 4 % (Aave, Base) → notify me");
    const borrowApy = draftToBody({
      ...emptyDraft(1),
      name: "DAI cost",
      triggerType: "apy_above",
      apyRate: "borrow",
      triggerAsset: "DAI",
      percent: "8",
    });
    expect(ruleCreateSchema.parse(borrowApy).trigger).toEqual({
      type: "apy_above",
      protocol: "aave",
      rate: "borrow",
      asset: "DAI",
      chainId: 1,
      percent: 8,
    });
    expect(
      describeRule({ trigger: ruleCreateSchema.parse(borrowApy).trigger, action: { type: "notify" } }),
    ).toBe("When DAI borrow APY > 8 % (Aave, Ethereum) → notify me");
    expect(chainChoices(31337, "31337", "1")).toEqual([31337, 1, 42161, 10, 137, 8453]);
    expect(chainChoices(8453)).toEqual([8453, 1, 42161, 10, 137]);
  });
});
