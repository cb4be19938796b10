import { z } from "zod";
import { assetSymbolSchema, chainIdSchema, idSchema, isoDateTimeSchema, plainTextSchema } from "./common";

/**
 * Automation rules: trigger + action + guards. Shape checks live here so the API and the extension's form reject
 * the same things with the same words; checks that need chain data (unknown asset on a chain, an action impossible
 * for the user's positions) happen in the worker.
 */

export const protocolSchema = z.enum(["aave", "eigenlayer"]);
export type Protocol = z.infer<typeof protocolSchema>;

/** Horizons the risk model forecasts over. */
export const riskHorizonSchema = z.enum(["24h", "7d"]);

/** Assets EigenLayer restakes: liquid staking tokens, never stablecoins. */
export const RESTAKABLE_ASSETS = [
  "wstETH",
  "stETH",
  "rETH",
  "cbETH",
  "ETHx",
  "sfrxETH",
  "mETH",
  "osETH",
] as const;

const percentSchema = z
  .number({ error: "must be a number (percent, e.g. 4 for 4 %)" })
  .gt(0, { error: "must be above 0 %" })
  .max(100, { error: "must be at most 100 %" });

/**
 * The largest US-dollar amount a rule may name: far above any single position, and small enough that the planner's
 * conversion to token units (dollars × 10^8, then BigInt) stays a finite, exact integer, so a value that passes
 * here can never make the rule fail on every tick.
 */
export const MAX_RULE_USD = 1_000_000_000_000;

const usdSchema = z
  .number({ error: "must be a number of US dollars" })
  .positive({ error: "must be above 0" })
  .max(MAX_RULE_USD, { error: `must be at most ${MAX_RULE_USD.toLocaleString("en-US")} US dollars` });

/** An amount cap smaller than a cent rounds to zero token units: the rule could never move anything. */
export const MIN_RULE_AMOUNT_USD = 0.01;

/** Which APY an APY trigger watches: what suppliers earn, or what borrowers pay (Aave's variable rate). */
export const apyRateSchema = z.enum(["supply", "borrow"]);
export type ApyRate = z.infer<typeof apyRateSchema>;

const apyTrigger = {
  protocol: protocolSchema,
  rate: apyRateSchema.optional().meta({ description: "supply (default) or borrow APY" }),
  asset: assetSymbolSchema,
  chainId: chainIdSchema,
  percent: percentSchema,
};

export const triggerSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("apy_below"), ...apyTrigger }),
    z.strictObject({ type: z.literal("apy_above"), ...apyTrigger }),
    z.strictObject({
      type: z.literal("health_factor_below"),
      value: z
        .number({ error: "must be a number" })
        .gt(1, { error: "must be above 1 (at 1 the position is already liquidatable)" })
        .max(10, { error: "must be at most 10" }),
    }),
    z.strictObject({
      type: z.literal("risk_above"),
      probability: z
        .number({ error: "must be a probability between 0 and 1" })
        .gt(0, { error: "must be above 0" })
        .lt(1, { error: "must be below 1" }),
      horizon: riskHorizonSchema,
    }),
    z.strictObject({ type: z.literal("price_below"), asset: assetSymbolSchema, usd: usdSchema }),
    z.strictObject({ type: z.literal("price_above"), asset: assetSymbolSchema, usd: usdSchema }),
  ],
  {
    error:
      "trigger.type must be one of apy_below, apy_above, health_factor_below, risk_above, price_below, price_above",
  },
);
export type Trigger = z.infer<typeof triggerSchema>;

export const targetHealthFactorSchema = z
  .number({ error: "must be a number" })
  .gt(1, { error: "must be above 1" })
  .max(10, { error: "must be at most 10" });

export const actionSchema = z.discriminatedUnion(
  "type",
  [
    z
      .strictObject({
        type: z.literal("rebalance"),
        chainId: chainIdSchema,
        asset: assetSymbolSchema.meta({ description: "withdrawn from Aave and restaked in EigenLayer" }),
      })
      .refine((a) => (RESTAKABLE_ASSETS as readonly string[]).includes(a.asset), {
        path: ["asset"],
        error: (issue) =>
          `EigenLayer restakes liquid staking tokens (${RESTAKABLE_ASSETS.join(", ")}); ${String((issue.input as { asset?: unknown }).asset)} cannot be restaked`,
      }),
    z.strictObject({
      type: z.literal("repay"),
      chainId: chainIdSchema,
      asset: assetSymbolSchema.meta({ description: "debt asset repaid from the wallet balance" }),
      targetHealthFactor: targetHealthFactorSchema,
    }),
    z.strictObject({
      type: z.literal("supply_collateral"),
      chainId: chainIdSchema,
      asset: assetSymbolSchema.meta({ description: "collateral supplied from the wallet balance" }),
      targetHealthFactor: targetHealthFactorSchema,
    }),
    z.strictObject({ type: z.literal("notify") }),
  ],
  { error: "action.type must be one of rebalance, repay, supply_collateral, notify" },
);
export type Action = z.infer<typeof actionSchema>;

export const DEFAULT_GUARDS = {
  cooldownSeconds: 3600,
  proposalExpirySeconds: 900,
  maxGasUsd: 25,
} as const;

export const guardsSchema = z.strictObject({
  maxAmountUsd: usdSchema
    .min(MIN_RULE_AMOUNT_USD, { error: `must be at least ${MIN_RULE_AMOUNT_USD} US dollars (one cent)` })
    .optional()
    .meta({ description: "largest amount moved by one execution" }),
  cooldownSeconds: z
    .number()
    .int({ error: "must be whole seconds" })
    .min(30, { error: "must be at least 30 seconds (one automation tick)" })
    .max(30 * 86_400, { error: "must be at most 30 days" })
    .default(DEFAULT_GUARDS.cooldownSeconds),
  proposalExpirySeconds: z
    .number()
    .int({ error: "must be whole seconds" })
    .min(60, { error: "must be at least 60 seconds" })
    .max(86_400, { error: "must be at most one day" })
    .default(DEFAULT_GUARDS.proposalExpirySeconds),
  maxGasUsd: usdSchema.default(DEFAULT_GUARDS.maxGasUsd),
});
export type Guards = z.infer<typeof guardsSchema>;

const nameSchema = plainTextSchema
  .trim()
  .min(1, { error: "must not be empty" })
  .max(80, { error: "must be at most 80 characters" });

/**
 * Why a repay or supply rule's target health factor does not work with its health-factor trigger, or null. The
 * action stops at its target: at or below the line the trigger fires at, the rule either finds the target already
 * met (and never proposes) or leaves the position where it fires again. Checked on create and on every edit.
 */
export function targetNotAboveTrigger(rule: { trigger: Trigger; action: Action }): string | null {
  const { trigger, action } = rule;
  if (trigger.type !== "health_factor_below") return null;
  if (action.type !== "repay" && action.type !== "supply_collateral") return null;
  return targetHealthFactorProblem(trigger.value, action.targetHealthFactor);
}

/** The check itself, on the two numbers (the popup's form asks it before the API does, in the same words). */
export function targetHealthFactorProblem(triggerValue: number, targetHealthFactor: number): string | null {
  if (targetHealthFactor > triggerValue) return null;
  return `must be above the trigger's health factor ${triggerValue}: stopping at or below where the rule fires would fire it again, or leave it nothing to do`;
}

export const ruleCreateSchema = z
  .strictObject({
    name: nameSchema,
    trigger: triggerSchema,
    action: actionSchema,
    guards: guardsSchema.default(guardsSchema.parse({})),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    const problem = targetNotAboveTrigger(rule);
    if (problem) ctx.addIssue({ code: "custom", path: ["action", "targetHealthFactor"], message: problem });
  })
  .meta({ id: "RuleCreate" });
export type RuleCreate = z.infer<typeof ruleCreateSchema>;
export type RuleCreateInput = z.input<typeof ruleCreateSchema>;

export const rulePatchSchema = z
  .strictObject({
    name: nameSchema.optional(),
    trigger: triggerSchema.optional(),
    action: actionSchema.optional(),
    guards: guardsSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    error: "send at least one of name, trigger, action, guards, enabled",
  })
  .meta({ id: "RulePatch" });
export type RulePatch = z.infer<typeof rulePatchSchema>;

export const ruleSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    enabled: z.boolean(),
    trigger: triggerSchema,
    action: actionSchema,
    guards: guardsSchema,
    executionCount: z.number().int().nonnegative(),
    lastExecutedAt: isoDateTimeSchema.nullable(),
    cooldownUntil: isoDateTimeSchema.nullable().meta({
      description:
        "when the cooldown since the last execution ends (null: never fired); a worse position overrides it once per step",
    }),
    lastEvaluatedAt: isoDateTimeSchema
      .nullable()
      .meta({ description: "the last automation tick that looked at it" }),
    lastError: z
      .string()
      .nullable()
      .meta({ description: "why the last tick could not act on it (RPC down, simulation reverted …)" }),
    lastErrorAt: isoDateTimeSchema.nullable(),
    cannotActSince: isoDateTimeSchema.nullable().optional().meta({
      description:
        "since when the rule holds but cannot propose anything (lastError says why and what to do); null: it can",
    }),
    /**
     * The automation loop sleeps (only health-factor and price rules, none holding): the rule is looked at when the
     * market wakes the user for its line or price (a block or an event that reaches it) and hourly, so
     * `lastEvaluatedAt` may be an hour old while it is watched on every block. Absent: false.
     */
    asleep: z.boolean().optional().meta({
      description:
        "watched on every block through its health-factor line; evaluated when it is reached, and hourly",
    }),
    /** Read when answered (a create, an edit, the list), never stored: what will keep the rule from acting. */
    warnings: z.array(z.string()).optional().meta({
      description:
        "in the answer to a create, an edit or the list (enabled rules), read then: what will keep the rule from acting (e.g. the wallet holds none of its asset); absent: nothing, or it could not be read",
    }),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: "Rule" });
export type Rule = z.infer<typeof ruleSchema>;

export const ruleListSchema = z.object({ rules: z.array(ruleSchema) }).meta({ id: "RuleList" });
export type RuleList = z.infer<typeof ruleListSchema>;
