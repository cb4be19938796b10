import type { Action, ApyRate, Rule, RuleCreateInput, Trigger } from "../../../shared/schemas/rules";
import { DEFAULT_GUARDS, targetHealthFactorProblem } from "../../../shared/schemas/rules";
import { chainLabel, formatHealthFactor, formatUsd } from "../../ui/format";

export type TriggerType = Trigger["type"];
export type ActionType = Action["type"];

/**
 * What the rule form edits: every input as the text the user typed. The API is the judge of what is valid
 * (shape and chain data), so the draft converts text to numbers only where it is clearly a number and sends
 * anything else as typed, letting the API answer with its field message ("must be a number").
 */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  triggerType: TriggerType;
  protocol: "aave" | "eigenlayer";
  /** Which APY an APY trigger watches: what the user earns supplying, or pays borrowing. */
  apyRate: ApyRate;
  triggerAsset: string;
  triggerChainId: string;
  percent: string;
  healthFactor: string;
  /** The chance of liquidation in percent ("25" for 25 %); the API takes a fraction. */
  probability: string;
  horizon: "24h" | "7d";
  priceUsd: string;
  actionType: ActionType;
  actionChainId: string;
  actionAsset: string;
  targetHealthFactor: string;
  maxAmountUsd: string;
  cooldownSeconds: string;
  proposalExpirySeconds: string;
  maxGasUsd: string;
}

export const triggerLabels: Record<TriggerType, string> = {
  health_factor_below: "Health factor falls below",
  risk_above: "Liquidation risk rises above",
  price_below: "Price falls below",
  price_above: "Price rises above",
  apy_below: "Supply or borrow APY falls below",
  apy_above: "Supply or borrow APY rises above",
};

export const actionLabels: Record<ActionType, string> = {
  notify: "Notify me",
  repay: "Propose a repay",
  supply_collateral: "Propose supplying collateral",
  rebalance: "Propose restaking on EigenLayer",
};

export function emptyDraft(defaultChainId: number): RuleDraft {
  const chainId = String(defaultChainId);
  return {
    name: "",
    enabled: true,
    triggerType: "health_factor_below",
    protocol: "aave",
    apyRate: "supply",
    triggerAsset: "",
    triggerChainId: chainId,
    percent: "",
    healthFactor: "1.5",
    probability: "",
    horizon: "24h",
    priceUsd: "",
    actionType: "notify",
    actionChainId: chainId,
    actionAsset: "",
    targetHealthFactor: "2",
    maxAmountUsd: "",
    cooldownSeconds: String(DEFAULT_GUARDS.cooldownSeconds),
    proposalExpirySeconds: String(DEFAULT_GUARDS.proposalExpirySeconds),
    maxGasUsd: String(DEFAULT_GUARDS.maxGasUsd),
  };
}

/** "" → left out (the API says what is missing); "1.5" → 1.5; anything else is sent as typed. */
export function numberInput(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** "25" (percent, as typed) → 0.25 for the API; text that is no number goes as typed for the API to name. */
export function percentToFraction(text: string): number | string | undefined {
  const value = numberInput(text);
  return typeof value === "number" ? Number((value / 100).toPrecision(12)) : value;
}

const fractionToPercent = (fraction: number) => String(Number((fraction * 100).toPrecision(12)));

const withoutUndefined = <T extends Record<string, unknown>>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;

function triggerBody(draft: RuleDraft): Record<string, unknown> {
  switch (draft.triggerType) {
    case "health_factor_below":
      return { type: draft.triggerType, value: numberInput(draft.healthFactor) };
    case "risk_above":
      return {
        type: draft.triggerType,
        probability: percentToFraction(draft.probability),
        horizon: draft.horizon,
      };
    case "price_below":
    case "price_above":
      return { type: draft.triggerType, asset: draft.triggerAsset.trim(), usd: numberInput(draft.priceUsd) };
    case "apy_below":
    case "apy_above":
      return {
        type: draft.triggerType,
        protocol: draft.protocol,
        rate: draft.apyRate,
        asset: draft.triggerAsset.trim(),
        chainId: numberInput(draft.triggerChainId),
        percent: numberInput(draft.percent),
      };
  }
}

function actionBody(draft: RuleDraft): Record<string, unknown> {
  const chainId = numberInput(draft.actionChainId);
  const asset = draft.actionAsset.trim();
  switch (draft.actionType) {
    case "notify":
      return { type: "notify" };
    case "rebalance":
      return { type: "rebalance", chainId, asset };
    case "repay":
    case "supply_collateral":
      return {
        type: draft.actionType,
        chainId,
        asset,
        targetHealthFactor: numberInput(draft.targetHealthFactor),
      };
  }
}

/** The JSON body for POST /rules (and, whole, for PATCH /rules/:id). */
export function draftToBody(draft: RuleDraft): RuleCreateInput {
  return {
    name: draft.name,
    enabled: draft.enabled,
    trigger: withoutUndefined(triggerBody(draft)),
    action: withoutUndefined(actionBody(draft)),
    guards: withoutUndefined({
      maxAmountUsd: numberInput(draft.maxAmountUsd),
      cooldownSeconds: numberInput(draft.cooldownSeconds),
      proposalExpirySeconds: numberInput(draft.proposalExpirySeconds),
      maxGasUsd: numberInput(draft.maxGasUsd),
    }),
  } as RuleCreateInput;
}

/** A saved rule back into the form, for editing. */
export function ruleToDraft(rule: Rule, defaultChainId: number): RuleDraft {
  const draft: RuleDraft = {
    ...emptyDraft(defaultChainId),
    name: rule.name,
    enabled: rule.enabled,
    triggerType: rule.trigger.type,
    actionType: rule.action.type,
    maxAmountUsd: rule.guards.maxAmountUsd === undefined ? "" : String(rule.guards.maxAmountUsd),
    cooldownSeconds: String(rule.guards.cooldownSeconds),
    proposalExpirySeconds: String(rule.guards.proposalExpirySeconds),
    maxGasUsd: String(rule.guards.maxGasUsd),
  };
  const { trigger, action } = rule;
  if (trigger.type === "health_factor_below") draft.healthFactor = String(trigger.value);
  if (trigger.type === "risk_above") {
    draft.probability = fractionToPercent(trigger.probability);
    draft.horizon = trigger.horizon;
  }
  if (trigger.type === "price_below" || trigger.type === "price_above") {
    draft.triggerAsset = trigger.asset;
    draft.priceUsd = String(trigger.usd);
  }
  if (trigger.type === "apy_below" || trigger.type === "apy_above") {
    draft.protocol = trigger.protocol;
    draft.apyRate = trigger.rate ?? "supply";
    draft.triggerAsset = trigger.asset;
    draft.triggerChainId = String(trigger.chainId);
    draft.percent = String(trigger.percent);
  }
  if (action.type !== "notify") {
    draft.actionChainId = String(action.chainId);
    draft.actionAsset = action.asset;
  }
  if (action.type === "repay" || action.type === "supply_collateral")
    draft.targetHealthFactor = String(action.targetHealthFactor);
  return draft;
}

/**
 * The API's field messages keyed by body path ("trigger.value"). A message about a whole object
 * ("trigger") is kept under that key; the form shows keys it has no input for in a list above the buttons.
 */
export function fieldErrorsByPath(fields: ReadonlyArray<{ path: string; message: string }> | undefined) {
  const byPath: Record<string, string> = {};
  for (const { path, message } of fields ?? []) {
    const key = path.replace(/^body\./, "");
    byPath[key] = byPath[key] ? `${byPath[key]}; ${message}` : message;
  }
  return byPath;
}

/** The body paths the form has an input for, given what is selected. */
export function inputPaths(draft: RuleDraft): string[] {
  const trigger: Record<TriggerType, string[]> = {
    health_factor_below: ["trigger.value"],
    risk_above: ["trigger.probability", "trigger.horizon"],
    price_below: ["trigger.asset", "trigger.usd"],
    price_above: ["trigger.asset", "trigger.usd"],
    apy_below: ["trigger.protocol", "trigger.rate", "trigger.asset", "trigger.chainId", "trigger.percent"],
    apy_above: ["trigger.protocol", "trigger.rate", "trigger.asset", "trigger.chainId", "trigger.percent"],
  };
  const action: Record<ActionType, string[]> = {
    notify: [],
    rebalance: ["action.chainId", "action.asset"],
    repay: ["action.chainId", "action.asset", "action.targetHealthFactor"],
    supply_collateral: ["action.chainId", "action.asset", "action.targetHealthFactor"],
  };
  return [
    "name",
    ...trigger[draft.triggerType],
    ...action[draft.actionType],
    "guards.maxAmountUsd",
    "guards.cooldownSeconds",
    "guards.proposalExpirySeconds",
    "guards.maxGasUsd",
  ];
}

const percent = (value: number) => `${value} %`;

/** Chains with an Aave market users pick by name; the local devnet only where the account lives on it. */
const AAVE_CHAIN_IDS = [1, 42161, 10, 137, 8453] as const;

/** The chains the form offers, the account's own first; a saved rule's chain stays selectable. */
export function chainChoices(defaultChainId: number, ...current: string[]): number[] {
  const ids = [defaultChainId, ...AAVE_CHAIN_IDS, ...current.map(Number)];
  return [...new Set(ids.filter((id) => Number.isInteger(id) && id > 0))];
}

/**
 * What the form can tell before asking the API, in the words of its own inputs (the API speaks of a fraction
 * where the form asks a percent). Keyed by body path like the API's messages, so each shows once, by its input.
 */
export function draftProblems(draft: RuleDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  if (draft.triggerType === "risk_above") {
    const chance = numberInput(draft.probability);
    if (typeof chance !== "number" || chance <= 0 || chance >= 100)
      problems["trigger.probability"] = "Enter a chance between 0 and 100 %, e.g. 25";
  }
  if (draft.actionType !== "notify" && draft.actionAsset.trim() === "")
    problems["action.asset"] = "Choose the asset this action uses";
  const hasTarget = draft.actionType === "repay" || draft.actionType === "supply_collateral";
  if (draft.triggerType === "health_factor_below" && hasTarget) {
    const trigger = numberInput(draft.healthFactor);
    const target = numberInput(draft.targetHealthFactor);
    const problem =
      typeof trigger === "number" && typeof target === "number"
        ? targetHealthFactorProblem(trigger, target)
        : null;
    if (problem) problems["action.targetHealthFactor"] = problem.charAt(0).toUpperCase() + problem.slice(1);
  }
  return problems;
}

/** One line a person reads in the rules list: "When HF < 1.50 → repay DAI to HF 2.00 (Local devnet)". */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.type) {
    case "health_factor_below":
      return `HF < ${formatHealthFactor(trigger.value)}`;
    case "risk_above":
      return `risk > ${Math.round(trigger.probability * 100)} % in ${trigger.horizon}`;
    case "price_below":
      return `${trigger.asset} < ${formatUsd(trigger.usd)}`;
    case "price_above":
      return `${trigger.asset} > ${formatUsd(trigger.usd)}`;
    case "apy_below":
      return `${trigger.asset} ${trigger.rate ?? "supply"} APY < ${percent(trigger.percent)} (${trigger.protocol === "aave" ? "Aave" : "EigenLayer"}, ${chainLabel(trigger.chainId)})`;
    case "apy_above":
      return `${trigger.asset} ${trigger.rate ?? "supply"} APY > ${percent(trigger.percent)} (${trigger.protocol === "aave" ? "Aave" : "EigenLayer"}, ${chainLabel(trigger.chainId)})`;
  }
}

/**
 * What the action does, where the money comes from and its limit: a rule only proposes, the user signs, and the
 * amount is the user's own ("propose repaying DAI from your wallet up to HF 1.60, at most $2,000.00 each time").
 */
export function describeAction(action: Action, guards?: Pick<Rule["guards"], "maxAmountUsd">): string {
  const cap =
    guards?.maxAmountUsd === undefined ? "" : `, at most ${formatUsd(guards.maxAmountUsd)} each time`;
  switch (action.type) {
    case "notify":
      return "notify me";
    case "repay":
      return `propose repaying ${action.asset} from your wallet up to HF ${formatHealthFactor(action.targetHealthFactor)}${cap} (${chainLabel(action.chainId)})`;
    case "supply_collateral":
      return `propose supplying ${action.asset} from your wallet up to HF ${formatHealthFactor(action.targetHealthFactor)}${cap} (${chainLabel(action.chainId)})`;
    case "rebalance":
      return `propose restaking ${action.asset} from Aave on EigenLayer${cap} (${chainLabel(action.chainId)})`;
  }
}

export const describeRule = (
  rule: Pick<Rule, "trigger" | "action"> & { guards?: Pick<Rule["guards"], "maxAmountUsd"> },
): string => `When ${describeTrigger(rule.trigger)} → ${describeAction(rule.action, rule.guards)}`;
