import { z } from "zod";
import { RISK_ASSETS, toRiskAsset } from "../risk/assets";
import { RISK_BANDS } from "../risk/bands";
import { plainTextSchema } from "./common";

// POST /risk/forecast and the risk:predict CLI. One place for what a forecast request and answer look like.

/** Far above any position; keeps sums of up to 40 amounts finite (at 1e308 a debt summed to Infinity read as none). */
export const MAX_FORECAST_USD = 1e15;
const usd = z
  .number()
  .nonnegative()
  .max(MAX_FORECAST_USD, { error: `must be at most ${MAX_FORECAST_USD} US dollars` })
  .describe("US dollars");
const assetSchema = plainTextSchema
  .max(32)
  .transform((symbol, ctx) => {
    const asset = toRiskAsset(symbol);
    if (!asset) {
      ctx.addIssue({
        code: "custom",
        message: `asset "${symbol}" is not covered by the risk model (supported: ${RISK_ASSETS.join(", ")})`,
      });
      return z.NEVER;
    }
    return asset;
  })
  .describe(`token symbol, one of ${RISK_ASSETS.join(", ")} (case-insensitive)`);
const liquidationThreshold = z
  .number()
  .gt(0)
  .max(1)
  .describe("Aave liquidation threshold as a fraction (0.825), not basis points");

export const riskHorizonSchema = z.enum(["24h", "7d"]);
export type RiskHorizon = z.infer<typeof riskHorizonSchema>;
export const HORIZON_HOURS: Record<RiskHorizon, 24 | 168> = { "24h": 24, "7d": 168 };

const positionShape = {
  collateral: z.array(z.object({ asset: assetSchema, usd, liquidationThreshold })).max(20),
  debt: z.array(z.object({ asset: assetSchema, usd })).max(20),
};
const notEmpty = (p: { collateral: unknown[]; debt: unknown[] }) => p.collateral.length + p.debt.length > 0;

/** Collateral and debt in USD: the model's own position shape. */
export const riskPositionSchema = z
  .object(positionShape)
  .refine(notEmpty, { message: "a position needs collateral or debt" });

/** Year 3000 in unix seconds: a larger asOf is almost surely milliseconds. */
const MAX_UNIX_SECONDS = 32_503_680_000;

/** One line of `npm run risk:predict` input. */
export const riskPredictLineSchema = z
  .object({
    asOf: z
      .union(
        [
          z
            .number({ error: "must be unix seconds or an ISO 8601 date-time" })
            .int({ error: "must be whole unix seconds" })
            .positive({ error: "must be unix seconds after 1970" })
            .max(MAX_UNIX_SECONDS, { error: "must be unix seconds (this looks like milliseconds)" }),
          z.iso
            .datetime({ offset: true, error: "must be unix seconds or an ISO 8601 date-time" })
            .transform((iso) => Math.floor(Date.parse(iso) / 1000)),
        ],
        { error: "must be unix seconds or an ISO 8601 date-time" },
      )
      .describe("unix seconds or an ISO 8601 date-time; only prices at or before it are used"),
    horizonHours: z.union([z.literal(24), z.literal(168)]).default(24),
    ...positionShape,
  })
  .refine(notEmpty, { message: "a position needs collateral or debt" });
export type RiskPredictLine = z.infer<typeof riskPredictLineSchema>;

/**
 * Positions as GET /portfolios returns an Aave account (`supplies`, `borrows`): an account object can be sent
 * as is, the fields the model does not need are ignored.
 */
export const riskForecastPositionsSchema = z.object({
  supplies: z
    .array(
      z.object({
        symbol: assetSchema,
        amountUsd: usd,
        liquidationThreshold,
        usedAsCollateral: z.boolean().default(true).describe("supplies not used as collateral do not count"),
      }),
    )
    .max(20),
  borrows: z.array(z.object({ symbol: assetSchema, amountUsd: usd })).max(20),
});

export const riskForecastRequestSchema = z
  .object({
    positions: riskForecastPositionsSchema,
    health_factor: z
      .number()
      .positive()
      .nullable()
      .describe(
        "the account's health factor as Aave reports it (null: no debt); it wins over one recomputed from positions",
      ),
    horizon: riskHorizonSchema.default("24h"),
  })
  .meta({ id: "RiskForecastRequest" });
export type RiskForecastRequest = z.infer<typeof riskForecastRequestSchema>;

export const riskForecastSchema = z
  .object({
    probability: z.number().min(0).max(1).describe("chance that HF < 1 at some point within the horizon"),
    band: z.enum(RISK_BANDS).describe("low < 0.05 ≤ medium < 0.30 ≤ high"),
    horizon: riskHorizonSchema,
    drivers: z.array(z.string()).describe("the main reasons, in words"),
    model: z.object({ version: z.string() }),
  })
  .meta({ id: "RiskForecast" });
export type RiskForecastResponse = z.infer<typeof riskForecastSchema>;
