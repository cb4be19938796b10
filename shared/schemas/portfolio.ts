import { z } from "zod";
import { addressSchema, chainIdSchema, isoDateTimeSchema } from "./common";
import { chainStatusSchema } from "./watchStatus";

// GET /portfolios and the public protocol reads. Numbers meant for display are JS numbers (USD, whole
// tokens, fractions); exact on-chain integers travel as decimal strings (`…Raw`) so nothing is rounded away.

const usd = z.number().describe("US dollars");
const fraction = z.number().describe("a fraction: 0.045 = 4.5 %");
const rawAmount = z.string().regex(/^\d+$/).describe("exact token units as a decimal integer string");

export const aaveSupplySchema = z.object({
  symbol: z.string(),
  asset: addressSchema,
  decimals: z.number().int(),
  amount: z.number().describe("whole tokens"),
  amountRaw: rawAmount,
  amountUsd: usd,
  priceUsd: usd,
  supplyApy: fraction,
  usedAsCollateral: z.boolean(),
  ltv: fraction,
  liquidationThreshold: fraction,
  liquidationPriceUsd: usd
    .nullable()
    .describe("price of this asset at which HF reaches 1, other prices unchanged; null if none can"),
});

export const aaveBorrowSchema = z.object({
  symbol: z.string(),
  asset: addressSchema,
  decimals: z.number().int(),
  amount: z.number(),
  amountRaw: rawAmount,
  amountUsd: usd,
  priceUsd: usd,
  variableBorrowApy: fraction,
  stableDebtRaw: rawAmount.describe("stable-rate debt (Aave 3.0 only; 0 elsewhere)"),
});

export const aaveAccountSchema = z.object({
  protocol: z.literal("aave-v3"),
  chainId: chainIdSchema,
  pool: addressSchema,
  healthFactor: z.number().nullable().describe("null when there is no debt (the Pool reports uint256 max)"),
  healthFactorRaw: rawAmount.describe("wad, as Pool.getUserAccountData returns it"),
  totalCollateralUsd: usd,
  totalDebtUsd: usd,
  availableBorrowsUsd: usd,
  ltv: fraction,
  currentLiquidationThreshold: fraction,
  eModeCategoryId: z.number().int(),
  isolationMode: z.boolean().describe("the user's only collateral is an isolated asset (debt ceiling > 0)"),
  supplies: z.array(aaveSupplySchema),
  borrows: z.array(aaveBorrowSchema),
});

export const eigenLayerPositionSchema = z.object({
  strategy: addressSchema,
  underlyingToken: addressSchema,
  symbol: z.string(),
  shares: rawAmount,
  amount: z.number().describe("underlying tokens"),
  amountRaw: rawAmount,
  amountUsd: usd.nullable().describe("null when no price for the underlying token is known"),
});

export const eigenLayerAccountSchema = z.object({
  protocol: z.literal("eigenlayer"),
  chainId: chainIdSchema,
  strategyManager: addressSchema,
  positions: z.array(eigenLayerPositionSchema),
  totalUsd: usd,
});

export const blockRefSchema = z.object({
  chainId: chainIdSchema,
  blockNumber: z.string().regex(/^\d+$/),
  blockTimestamp: z.number().int().describe("unix seconds"),
});

export const cacheInfoSchema = z.object({
  hit: z.boolean(),
  ageSeconds: z.number().describe("how old the cached data is (0 when just read)"),
});

export const aaveReserveMarketSchema = z.object({
  chainId: chainIdSchema,
  symbol: z.string(),
  asset: addressSchema,
  supplyApy: fraction,
  variableBorrowApy: fraction,
  liquidityRateRaw: rawAmount,
  variableBorrowRateRaw: rawAmount,
  priceUsd: usd,
  asOf: blockRefSchema,
});

/** The liquidation-risk forecast: `ok` with the model's number, or `unavailable` with why, never an invented number. */
export const portfolioRiskSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("unavailable"), reason: z.string() }),
  z.object({
    status: z.literal("ok"),
    probability: z.number().min(0).max(1),
    band: z.enum(["low", "medium", "high"]),
    horizon: z.enum(["24h", "7d"]),
    drivers: z.array(z.string()),
    model: z.object({ version: z.string() }),
  }),
]);

/** What was last read on a chain that is unavailable now, kept apart from the fresh accounts. */
export const staleChainSchema = z.object({
  chainId: chainIdSchema,
  dataAsOf: isoDateTimeSchema,
  aave: aaveAccountSchema.nullable(),
  eigenLayer: eigenLayerAccountSchema.nullable(),
});
export type StaleChain = z.infer<typeof staleChainSchema>;

export const portfolioSchema = z.object({
  userAddress: addressSchema,
  asOf: z.array(blockRefSchema).describe("the block each chain was read at"),
  cache: z.object({ market: cacheInfoSchema, positions: cacheInfoSchema }),
  totals: z.object({
    collateralUsd: usd,
    debtUsd: usd,
    restakedUsd: usd,
    netWorthUsd: usd,
  }),
  healthFactor: z
    .number()
    .nullable()
    .describe("the lowest health factor over every chain; null with no debt"),
  aave: z.array(aaveAccountSchema).describe("accounts read just now (chains whose read failed are not here)"),
  eigenLayer: z.array(eigenLayerAccountSchema),
  risk: portfolioRiskSchema,
  chains: z
    .array(chainStatusSchema)
    .optional()
    .describe(
      "every served chain and how its read went: ok, or unavailable with the age of its last good data",
    ),
  stale: z
    .array(staleChainSchema)
    .optional()
    .describe("the last good data of each unavailable chain: shown with its age, never used for decisions"),
});

export type AaveSupply = z.infer<typeof aaveSupplySchema>;
export type AaveBorrow = z.infer<typeof aaveBorrowSchema>;
export type AaveAccount = z.infer<typeof aaveAccountSchema>;
export type EigenLayerPosition = z.infer<typeof eigenLayerPositionSchema>;
export type EigenLayerAccount = z.infer<typeof eigenLayerAccountSchema>;
export type Portfolio = z.infer<typeof portfolioSchema>;
export type PortfolioRisk = z.infer<typeof portfolioRiskSchema>;

// --- queries and history -------------------------------------------------------------------------------------

const userAddressQuery = addressSchema.describe("the wallet to read, 0x-prefixed");
const chainIdQuery = z.coerce.number().int().positive({ error: "chain_id must be a positive integer" });

export const aavePositionsQuerySchema = z.strictObject({
  user_address: userAddressQuery,
  chain_id: chainIdQuery.optional().describe("defaults to the first chain served"),
});

export const aaveApyQuerySchema = z.strictObject({
  asset: z.string().regex(/^[A-Za-z0-9.]{1,16}$/, { error: "asset must be a token symbol such as USDC" }),
  chain_id: chainIdQuery.optional().describe("defaults to the first chain served"),
});

export const eigenLayerPositionsQuerySchema = aavePositionsQuerySchema;

export const aavePositionsResponseSchema = z.object({
  account: aaveAccountSchema,
  asOf: blockRefSchema,
  cache: z.object({ market: cacheInfoSchema }),
});

export const eigenLayerPositionsResponseSchema = z.object({
  account: eigenLayerAccountSchema,
  asOf: blockRefSchema,
});

export const HISTORY_RANGES = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;

export const portfolioHistoryQuerySchema = z.strictObject({
  range: z.enum(["24h", "7d", "30d"], { error: "range must be 24h, 7d or 30d" }).default("24h"),
});

export const portfolioHistoryPointSchema = z.object({
  takenAt: z.number().int().describe("unix milliseconds"),
  netValueUsd: usd,
  collateralUsd: usd,
  debtUsd: usd,
  healthFactor: z.number().nullable(),
  riskProbability: z.number().nullable(),
});

export const portfolioHistorySchema = z.object({
  range: z.enum(["24h", "7d", "30d"]),
  points: z.array(portfolioHistoryPointSchema),
});

export type PortfolioHistory = z.infer<typeof portfolioHistorySchema>;
export type PortfolioHistoryPoint = z.infer<typeof portfolioHistoryPointSchema>;
