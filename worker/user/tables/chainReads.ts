import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Owned by the positions store: per chain, how the user's last read of it went (the watch status of that chain)
 * and the last good accounts read there, served with their age while the chain is unavailable. One row per chain.
 */
export const chainReads = sqliteTable("chain_reads", {
  chainId: integer("chain_id").primaryKey(),
  status: text("status", { enum: ["ok", "unavailable"] }).notNull(),
  /** Since when the chain has been in this status. */
  since: integer("since", { mode: "timestamp_ms" }).notNull(),
  /** The last attempt, and when the next one may be made (unavailable only). */
  attemptedAt: integer("attempted_at", { mode: "timestamp_ms" }).notNull(),
  retryAt: integer("retry_at", { mode: "timestamp_ms" }),
  reason: text("reason"),
  /** The last good read: its time and its accounts (AaveAccount / EigenLayerAccount JSON, checked on the way out). */
  okAt: integer("ok_at", { mode: "timestamp_ms" }),
  aave: text("aave", { mode: "json" }),
  eigenLayer: text("eigen_layer", { mode: "json" }),
});
