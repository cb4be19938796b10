import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Owned by the monitoring capability: one row (id = 1) with the wallet it watches, the figures of the last
 * `portfolio_update` sent (to decide what is significant) and the open risk alert, if any (hysteresis state).
 */
export const monitoringState = sqliteTable("monitoring_state", {
  id: integer("id").primaryKey(),
  address: text("address"),
  lastFigures: text("last_figures", { mode: "json" }),
  openAlert: text("open_alert", { mode: "json" }),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Owned by the price-samples capability: the oracle price of each risk feed, one row per feed and hour (the
 * latest observation of that hour wins), so the risk model gets its hourly history from what the loop saw.
 */
export const priceSamples = sqliteTable(
  "price_samples",
  {
    feed: text("feed", { enum: ["ETH", "STETH", "BTC", "LINK"] }).notNull(),
    hour: integer("hour").notNull(),
    /** Unix seconds of the observation (the block timestamp). */
    time: integer("time").notNull(),
    price: real("price").notNull(),
  },
  (table) => [primaryKey({ columns: [table.feed, table.hour] })],
);
