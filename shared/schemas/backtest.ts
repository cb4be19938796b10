import { z } from "zod";
import { assetSymbolSchema, chainIdSchema, idSchema, isoDateTimeSchema } from "./common";
import { ruleCreateSchema } from "./rules";

/**
 * Back-testing a rule: replay a position through a window of real hourly price moves, without and with the rule.
 * The request names the rule (inline, same shape as POST /rules, or by id), the windows and optionally the
 * position (else the user's current one); the answer gives per window the HF path, the events and a summary.
 */

/** Named crashes and rolling windows. Rolling ones end where the price data ends (see the response's `to`). */
export const NAMED_WINDOWS = [
  "march_2020",
  "may_2021",
  "june_2022",
  "november_2022",
  "august_2024",
  "last_30_days",
  "last_90_days",
  "last_365_days",
] as const;
export const namedWindowSchema = z.enum(NAMED_WINDOWS, {
  error: `name must be one of ${NAMED_WINDOWS.join(", ")}`,
});
export type NamedWindow = z.infer<typeof namedWindowSchema>;

/** The longest window one request may replay: a year (and a leap day). */
export const MAX_WINDOW_DAYS = 366;
export const MAX_WINDOWS = 8;

const dateSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "must be an ISO date (2022-06-01) or date-time (2022-06-01T00:00:00Z)",
});

export const backtestWindowSchema = z.union(
  [
    z
      .strictObject({ from: dateSchema, to: dateSchema })
      .refine((w) => Date.parse(w.to) > Date.parse(w.from), { error: "to must be after from", path: ["to"] })
      .refine((w) => Date.parse(w.to) - Date.parse(w.from) <= MAX_WINDOW_DAYS * 86_400_000, {
        error: `a window may span at most ${MAX_WINDOW_DAYS} days`,
        path: ["to"],
      }),
    z.strictObject({ name: namedWindowSchema }),
  ],
  { error: "each window is { from, to } (ISO dates) or { name } (a named window)" },
);
export type BacktestWindow = z.infer<typeof backtestWindowSchema>;

/** A token amount in whole tokens as a decimal string ("10", "21260.5"): exact, unlike a JSON number. */
const amountSchema = z
  .string({ error: 'must be a decimal string of whole tokens, e.g. "10.5"' })
  .regex(/^\d{1,18}(\.\d{1,36})?$/, { error: 'must be a decimal string of whole tokens, e.g. "10.5"' });

const bpsSchema = z.number().int({ error: "must be whole basis points" });
const rateSchema = z
  .number({ error: "must be an annual rate as a fraction (0.05 = 5 %)" })
  .min(0, { error: "must be at least 0" })
  .max(10, { error: "must be at most 10 (1,000 %)" });

/** One Aave reserve of the replayed position: balances now, the reserve's risk terms and its current rates. */
export const backtestReserveSchema = z.strictObject({
  asset: assetSymbolSchema,
  decimals: z.number().int().min(0).max(36).default(18),
  priceUsd: z
    .number({ error: "must be today's price in US dollars" })
    .positive({ error: "must be above 0" })
    .max(1e9, { error: "must be at most 1,000,000,000" }),
  supplied: amountSchema.default("0"),
  borrowed: amountSchema.default("0"),
  walletBalance: amountSchema
    .default("0")
    .meta({ description: "what the wallet holds to repay or supply with" }),
  usedAsCollateral: z.boolean().default(true),
  ltv: bpsSchema.min(0).max(10_000).optional().meta({ description: "defaults to the liquidation threshold" }),
  liquidationThreshold: bpsSchema.min(0, { error: "must be at least 0" }).max(10_000, {
    error: "must be at most 10000 (100 %)",
  }),
  liquidationBonus: bpsSchema
    .min(10_000, { error: "is basis points including the 100 % (10500 = 5 % bonus); at least 10000" })
    .max(15_000, { error: "must be at most 15000 (a 50 % bonus)" }),
  liquidationProtocolFee: bpsSchema.min(0).max(10_000).default(0),
  supplyRate: rateSchema.default(0),
  borrowRate: rateSchema.default(0),
});
export type BacktestReserve = z.infer<typeof backtestReserveSchema>;
export type BacktestReserveInput = z.input<typeof backtestReserveSchema>;

export const backtestPositionSchema = z
  .strictObject({
    chainId: chainIdSchema,
    reserves: z
      .array(backtestReserveSchema)
      .min(1, { error: "name at least one reserve" })
      .max(16, { error: "at most 16 reserves" }),
  })
  .refine((p) => new Set(p.reserves.map((r) => r.asset.toLowerCase())).size === p.reserves.length, {
    error: "each asset may appear once",
    path: ["reserves"],
  })
  .meta({ id: "BacktestPosition" });
export type BacktestPosition = z.infer<typeof backtestPositionSchema>;
export type BacktestPositionInput = z.input<typeof backtestPositionSchema>;

/** Gas price assumed for every replayed transaction, in gwei (stated in the answer). */
export const DEFAULT_GAS_PRICE_GWEI = 30;
export const DEFAULT_SIGN_DELAY_MINUTES = 10;

export const backtestRequestSchema = z
  .strictObject({
    rule: ruleCreateSchema.optional(),
    ruleId: idSchema.optional(),
    windows: z
      .array(backtestWindowSchema)
      .min(1, { error: "name at least one window" })
      .max(MAX_WINDOWS, { error: `at most ${MAX_WINDOWS} windows` }),
    position: backtestPositionSchema.optional(),
    signDelayMinutes: z
      .number()
      .int({ error: "must be whole minutes" })
      .min(0, { error: "must be at least 0" })
      .max(1440, { error: "must be at most 1440 (a day)" })
      .default(DEFAULT_SIGN_DELAY_MINUTES),
    gasPriceGwei: z
      .number()
      .positive({ error: "must be above 0" })
      .max(10_000, { error: "must be at most 10000 gwei" })
      .default(DEFAULT_GAS_PRICE_GWEI),
  })
  .refine((r) => (r.rule === undefined) !== (r.ruleId === undefined), {
    error: "send exactly one of rule (a rule as POST /rules takes it) or ruleId",
    path: ["rule"],
  })
  .meta({ id: "BacktestRequest" });
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;
export type BacktestRequestInput = z.input<typeof backtestRequestSchema>;

export const backtestEventSchema = z.object({
  at: isoDateTimeSchema,
  type: z.enum(["proposal", "executed", "liquidation", "skipped"]),
  message: z.string(),
  healthFactor: z
    .number()
    .nullable()
    .meta({ description: "after the event (liquidation check prices for a liquidation)" }),
  healthFactorBefore: z
    .number()
    .nullable()
    .optional()
    .meta({ description: "a liquidation's HF when it was called" }),
  amountUsd: z.number().optional(),
  gasUsd: z.number().optional(),
  collateralSeizedUsd: z.number().optional(),
  debtRepaidUsd: z.number().optional(),
  /** A liquidation's exact amounts, whole tokens as decimal strings. */
  collateralSeized: z.object({ asset: z.string(), amount: z.string() }).optional(),
  debtRepaid: z.object({ asset: z.string(), amount: z.string() }).optional(),
});
export type BacktestEvent = z.infer<typeof backtestEventSchema>;

export const backtestPointSchema = z.object({
  at: isoDateTimeSchema,
  healthFactor: z.number().nullable().meta({ description: "at the hour's close; null without debt" }),
});
export type BacktestPoint = z.infer<typeof backtestPointSchema>;

export const backtestSummarySchema = z.object({
  proposals: z.number().int(),
  executed: z.number().int(),
  skipped: z.number().int(),
  liquidations: z.number().int(),
  firstLiquidationAt: isoDateTimeSchema.nullable(),
  collateralSeizedUsd: z.number(),
  bonusLostUsd: z
    .number()
    .meta({ description: "collateral seized minus the debt it repaid, at the prices used" }),
  minHealthFactor: z.number().nullable(),
  gasSpentUsd: z.number(),
  startValueUsd: z.number(),
  endValueUsd: z
    .number()
    .meta({ description: "supplied − debt + wallet (+ restaked) at the window's last close" }),
});
export type BacktestSummary = z.infer<typeof backtestSummarySchema>;

export const backtestRunSchema = z.object({
  series: z.array(backtestPointSchema),
  events: z.array(backtestEventSchema),
  summary: backtestSummarySchema,
});
export type BacktestRun = z.infer<typeof backtestRunSchema>;

export const backtestWindowResultSchema = z.object({
  name: namedWindowSchema.nullable(),
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  hours: z.number().int(),
  withoutRule: backtestRunSchema,
  withRule: backtestRunSchema,
  verdict: z.string(),
  notes: z
    .array(z.string())
    .meta({ description: "what the user did not ask but needs (noisy rule, target too low …)" }),
});
export type BacktestWindowResult = z.infer<typeof backtestWindowResultSchema>;

export const backtestResponseSchema = z
  .object({
    windows: z.array(backtestWindowResultSchema),
    assumptions: z.array(z.string()),
  })
  .meta({ id: "BacktestResult" });
export type BacktestResponse = z.infer<typeof backtestResponseSchema>;
