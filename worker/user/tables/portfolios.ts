import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * PORTFOLIO ||--o{ POSITION / PORTFOLIO_SNAPSHOT. One portfolio per (chain, wallet address); the portfolio
 * capability fills positions (portfolioPositions.ts) and snapshots (portfolioHistory.ts). Token amounts are decimal strings (bigint-safe), USD values are numbers.
 */
export const portfolios = sqliteTable(
  "portfolios",
  {
    id: text("id").primaryKey(),
    chainId: integer("chain_id").notNull(),
    address: text("address").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [uniqueIndex("portfolios_chain_address").on(table.chainId, table.address)],
);

export const positions = sqliteTable(
  "positions",
  {
    id: text("id").primaryKey(),
    portfolioId: text("portfolio_id")
      .notNull()
      .references(() => portfolios.id, { onDelete: "cascade" }),
    protocol: text("protocol", { enum: ["aave", "eigenlayer"] }).notNull(),
    kind: text("kind", { enum: ["supplied", "borrowed", "restaked"] }).notNull(),
    asset: text("asset").notNull(),
    assetAddress: text("asset_address").notNull(),
    amount: text("amount").notNull(),
    amountUsd: real("amount_usd").notNull(),
    apy: real("apy"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("positions_portfolio").on(table.portfolioId)],
);

export const portfolioSnapshots = sqliteTable(
  "portfolio_snapshots",
  {
    id: text("id").primaryKey(),
    portfolioId: text("portfolio_id")
      .notNull()
      .references(() => portfolios.id, { onDelete: "cascade" }),
    takenAt: integer("taken_at", { mode: "timestamp_ms" }).notNull(),
    blockNumber: text("block_number"),
    totalCollateralUsd: real("total_collateral_usd").notNull(),
    totalDebtUsd: real("total_debt_usd").notNull(),
    netValueUsd: real("net_value_usd").notNull(),
    healthFactor: real("health_factor"),
    riskProbability: real("risk_probability"),
  },
  (table) => [index("portfolio_snapshots_taken_at").on(table.portfolioId, table.takenAt)],
);
