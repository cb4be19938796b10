import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
